'use strict';
/**
 * Reads what a GIF shows without decoding its pixels: the screen size, whether it loops, and each
 * frame's size and delay (the Graphic Control Extension before it). Throws on a file that is not a
 * well-formed GIF.
 *   gifInfo(buffer) → {width, height, loops, frames: [{width, height, delayMs}]}
 */
function gifInfo(buf) {
	const signature = buf.toString('latin1', 0, 6);
	if (signature !== 'GIF89a' && signature !== 'GIF87a') throw new Error('not a GIF');
	const width = buf.readUInt16LE(6);
	const height = buf.readUInt16LE(8);
	const flags = buf[10];
	let i = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
	const skipSubBlocks = () => {
		while (buf[i] !== 0) {
			if (i >= buf.length) throw new Error('truncated GIF');
			i += buf[i] + 1;
		}
		i += 1;
	};
	const frames = [];
	let loops = false;
	let delayMs = 0;
	for (;;) {
		if (i >= buf.length) throw new Error('truncated GIF (no trailer)');
		const block = buf[i];
		if (block === 0x3b) break; // trailer
		if (block === 0x21) {
			const label = buf[i + 1];
			if (label === 0xf9) delayMs = buf.readUInt16LE(i + 4) * 10;
			if (label === 0xff && buf.toString('latin1', i + 3, i + 14) === 'NETSCAPE2.0') loops = true;
			i += 2;
			skipSubBlocks();
		} else if (block === 0x2c) {
			const w = buf.readUInt16LE(i + 5);
			const h = buf.readUInt16LE(i + 7);
			const local = buf[i + 9];
			i += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
			i += 1; // LZW minimum code size
			skipSubBlocks();
			frames.push({ width: w, height: h, delayMs });
			delayMs = 0;
		} else {
			throw new Error(`unexpected GIF block 0x${block.toString(16)} at byte ${i}`);
		}
	}
	return { width, height, loops, frames };
}

module.exports = { gifInfo };
