// Reads a child process's output line by line (shared by the n8n and sandbox launchers).

/**
 * Calls onLine(line) for every complete line `stream` emits (without the "\n"); a last line without
 * a newline is delivered when the stream ends.
 */
export function forEachLine(stream, onLine) {
	let buf = '';
	stream.setEncoding('utf8'); // a multi-byte character split across chunks stays whole
	stream.on('data', (chunk) => {
		buf += chunk;
		let i;
		while ((i = buf.indexOf('\n')) >= 0) {
			const line = buf.slice(0, i);
			buf = buf.slice(i + 1);
			onLine(line);
		}
	});
	stream.on('end', () => {
		if (buf) onLine(buf);
		buf = '';
	});
}
