// A very small sequential test runner: the e2e stages share one n8n, one sandbox and one user folder,
// so tests run in order and a failed setup step skips what depends on it.
import { inspect } from 'node:util';

/** filter(test) picks the tests to run ({name, smoke}); the steps they need run too. */
export function createRunner({ filter } = {}) {
	const tests = [];
	const results = [];

	/**
	 * test(name, fn, {needs: ['setup name', ...], smoke}): `needs` skips the test when one of those
	 * failed or was skipped; `smoke: true` puts it in the subset `--smoke` (and `npm run test:compat`)
	 * runs. fn may return a string: it is printed as a note on the ok line.
	 */
	function test(name, fn, { needs = [], smoke = false } = {}) {
		tests.push({ name, fn, needs, smoke });
	}

	async function run() {
		const status = new Map();
		// --only / --smoke: the selected tests plus every step they need, transitively.
		const selected = new Set(tests.filter((t) => !filter || filter(t)).map((t) => t.name));
		for (let grew = true; grew; ) {
			grew = false;
			for (const t of tests) {
				if (!selected.has(t.name)) continue;
				for (const n of t.needs) if (!selected.has(n)) grew = selected.add(n) && true;
			}
		}
		for (const t of tests) {
			if (!selected.has(t.name)) {
				status.set(t.name, 'filtered');
				continue;
			}
			const blocked = t.needs.find(
				(n) => status.get(n) !== 'passed' && status.get(n) !== 'filtered',
			);
			if (blocked) {
				status.set(t.name, 'skipped');
				results.push({ name: t.name, status: 'skipped', ms: 0, reason: `needs "${blocked}"` });
				console.log(`not ok - ${t.name} # SKIP (needs "${blocked}")`);
				continue;
			}
			const started = Date.now();
			try {
				const note = await t.fn();
				const ms = Date.now() - started;
				status.set(t.name, 'passed');
				results.push({ name: t.name, status: 'passed', ms });
				console.log(
					`ok - ${t.name} (${fmt(ms)})${typeof note === 'string' && note ? ` — ${note}` : ''}`,
				);
			} catch (e) {
				const ms = Date.now() - started;
				status.set(t.name, 'failed');
				results.push({ name: t.name, status: 'failed', ms, error: e });
				console.log(`not ok - ${t.name} (${fmt(ms)})`);
				const text = e && e.stack ? e.stack : inspect(e, { depth: 6 });
				console.log(
					text
						.split('\n')
						.slice(0, 60)
						.map((l) => `    ${l}`)
						.join('\n'),
				);
			}
		}
		return results;
	}

	return { test, run, results };
}

export function fmt(ms) {
	return ms >= 60000
		? `${Math.floor(ms / 60000)}m${Math.round((ms % 60000) / 1000)}s`
		: `${(ms / 1000).toFixed(1)}s`;
}
