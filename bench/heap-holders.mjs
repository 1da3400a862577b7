// node --max-old-space-size=12000 bench/heap-holders.mjs EARLIER.heapsnapshot LATER.heapsnapshot
//
// What a growing n8n heap holds: the objects of the later snapshot that the earlier one did not
// have (allocated in between and still alive; snapshot ids are stable within one process), summed
// by self size and grouped by who holds them. The holder is the marker met nearest the GC roots on
// the object's shortest path from them (non-weak edges, as the devtools' "distance"): code of this
// package, a webhook execution of n8n's still running, n8n's SQLite write queue, its MCP sessions.
// The soak (`npm run bench -- --soak --soak-snapshots 2000,-1`) writes the snapshots.
import fs from 'node:fs';

const HOLDER_OBJECTS = [
	'McpServer',
	'SqliteWriteConnection',
	'ActiveExecutions',
	'BasicSourceMapConsumer',
];
const OURS = 'n8n-nodes-agora-media-broadcast/dist/';

function readSnapshot(file) {
	const json = JSON.parse(fs.readFileSync(file, 'utf8'));
	const meta = json.snapshot.meta;
	const h = {
		nodes: json.nodes,
		edges: json.edges,
		strings: json.strings,
		nodeFields: meta.node_fields.length,
		edgeFields: meta.edge_fields.length,
		nodeTypes: meta.node_types[0],
		edgeTypes: meta.edge_types[0],
		field: Object.fromEntries(meta.node_fields.map((f, i) => [f, i])),
		toNode: meta.edge_fields.indexOf('to_node'),
	};
	h.count = h.nodes.length / h.nodeFields;
	h.firstEdge = new Uint32Array(h.count + 1);
	for (let i = 0, e = 0; i < h.count; i++) {
		h.firstEdge[i] = e;
		e += h.nodes[i * h.nodeFields + h.field.edge_count] * h.edgeFields;
		h.firstEdge[i + 1] = e;
	}
	h.get = (i, f) => h.nodes[i * h.nodeFields + h.field[f]];
	h.name = (i) => h.strings[h.get(i, 'name')];
	h.type = (i) => h.nodeTypes[h.get(i, 'type')];
	/** The node a named (property or internal) edge of node i points to, or -1. */
	h.named = (i, name) => {
		for (let e = h.firstEdge[i]; e < h.firstEdge[i + 1]; e += h.edgeFields) {
			const t = h.edgeTypes[h.edges[e]];
			if (t !== 'element' && t !== 'hidden' && h.strings[h.edges[e + 1]] === name)
				return h.edges[e + h.toNode] / h.nodeFields;
		}
		return -1;
	};
	return h;
}

/** For a closure or a suspended async function: its function's name and script, else null. */
function functionOf(h, i) {
	const fn = h.type(i) === 'closure' ? i : h.name(i) === 'Generator' ? h.named(i, 'function') : -1;
	const shared = fn >= 0 ? h.named(fn, 'shared') : -1;
	if (shared < 0) return null;
	const script = h.named(shared, 'script');
	const source = script >= 0 ? h.named(script, 'name') : -1;
	return { name: h.name(shared), script: source >= 0 ? h.name(source) : '' };
}

function marker(h, i) {
	if (h.type(i) === 'object' && HOLDER_OBJECTS.includes(h.name(i))) return h.name(i);
	const fn = functionOf(h, i);
	if (!fn) return null;
	if (fn.script.includes(OURS)) return `this package (${fn.script.split(OURS)[1]})`;
	if (fn.name === 'executeWebhook') return 'a webhook execution still running';
	return null;
}

const [earlierFile, laterFile] = process.argv.slice(2);
if (!laterFile) throw new Error('usage: heap-holders.mjs EARLIER.heapsnapshot LATER.heapsnapshot');
const earlierIds = new Set();
{
	const a = readSnapshot(earlierFile);
	for (let i = 0; i < a.count; i++) earlierIds.add(a.get(i, 'id'));
}
const h = readSnapshot(laterFile);

// Shortest paths from the GC roots (node 0), breadth first, skipping weak edges.
const parent = new Int32Array(h.count).fill(-1);
const queue = new Uint32Array(h.count);
let head = 0;
let tail = 0;
queue[tail++] = 0;
parent[0] = 0;
while (head < tail) {
	const i = queue[head++];
	for (let e = h.firstEdge[i]; e < h.firstEdge[i + 1]; e += h.edgeFields) {
		if (h.edgeTypes[h.edges[e]] === 'weak') continue;
		const to = h.edges[e + h.toNode] / h.nodeFields;
		if (parent[to] < 0) {
			parent[to] = i;
			queue[tail++] = to;
		}
	}
}

const markers = new Map();
const markerOf = (i) => {
	if (!markers.has(i)) markers.set(i, marker(h, i));
	return markers.get(i);
};
const groups = new Map();
let total = 0;
let added = 0;
for (let i = 0; i < h.count; i++) {
	const size = h.get(i, 'self_size');
	total += size;
	if (earlierIds.has(h.get(i, 'id'))) continue;
	added += size;
	let holder = parent[i] < 0 ? '(unreachable, garbage not yet collected)' : '(no marker)';
	for (let k = i; k > 0 && parent[k] >= 0; k = parent[k]) holder = markerOf(k) ?? holder;
	const g = groups.get(holder) ?? { objects: 0, bytes: 0 };
	g.objects++;
	g.bytes += size;
	groups.set(holder, g);
}
const mb = (b) => (b / 1e6).toFixed(2).padStart(8);
console.log(
	`${laterFile}: ${mb(total)} MB of objects; ${mb(added)} MB not in the earlier snapshot, held by:`,
);
for (const [holder, g] of [...groups].sort((x, y) => y[1].bytes - x[1].bytes))
	console.log(`${mb(g.bytes)} MB ${String(g.objects).padStart(9)} objects  ${holder}`);
