'use strict';

/** Largest number of moments inside any window of `windowMs` (times sorted ascending). */
function maxInWindow(times, windowMs) {
	let max = 0;
	let lo = 0;
	for (let hi = 0; hi < times.length; hi++) {
		while (times[hi] - times[lo] >= windowMs) lo++;
		max = Math.max(max, hi - lo + 1);
	}
	return max;
}

module.exports = { maxInWindow };
