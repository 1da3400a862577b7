// The environment n8n-core needs when it runs in a test or a bench process (loaded before n8n-core).
'use strict';
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

// n8n-core keeps its instance settings (encryption key) in N8N_USER_FOLDER: give it a throw-away one
// instead of writing into the user's ~/.n8n.
if (!process.env.N8N_USER_FOLDER) {
	const dir = path.join(os.tmpdir(), 'agora-n8n-jest');
	fs.mkdirSync(dir, { recursive: true });
	process.env.N8N_USER_FOLDER = dir;
}
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
