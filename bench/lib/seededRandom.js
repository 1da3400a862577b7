// A seeded stand-in for Math.random (mulberry32): the same seed draws the same numbers, so a
// simulation can be repeated exactly (before and after a change of the code it exercises).
'use strict';

/** A function like Math.random whose draws are fixed by `seed` (an integer). */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

module.exports = { seededRandom };
