/**
 * Tests are plain CommonJS against the compiled package in dist/ (what n8n loads), so `npm test` builds
 * first. Timing-sensitive suites (test/perf) run separately and serially (JEST_PERF=1, --runInBand) so
 * that other suites do not compete with them for the CPU; so does the reliability suite
 * (JEST_RELIABILITY=1), which also writes test/reliability/SUMMARY.md.
 */
const perf = Boolean(process.env.JEST_PERF);
const reliability = Boolean(process.env.JEST_RELIABILITY);

module.exports = {
	testEnvironment: 'node',
	setupFiles: ['<rootDir>/test/helpers/setup-env.js'],
	testMatch: perf
		? ['<rootDir>/test/perf/**/*.test.js']
		: reliability
			? ['<rootDir>/test/reliability/**/*.test.js']
			: ['<rootDir>/test/**/*.test.js', '<rootDir>/sandbox/**/*.test.js'],
	testPathIgnorePatterns: [
		'/node_modules/',
		'<rootDir>/test/e2e/',
		'<rootDir>/bench/',
		...(perf || reliability ? [] : ['<rootDir>/test/perf/', '<rootDir>/test/reliability/']),
	],
	// tsc copies package.json into dist/ (resolveJsonModule): two packages of one name confuse jest's
	// module map ("haste module naming collision"). Tests load dist/ by path, never by package name.
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
	testTimeout: 60000,
	maxWorkers: 2,
};
