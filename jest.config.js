/**
 * Tests are plain CommonJS against the compiled package in dist/ (what n8n loads), so `npm test` builds
 * first. Timing-sensitive suites (test/perf) run separately and serially (JEST_PERF=1, --runInBand) so
 * that other suites do not compete with them for the CPU.
 */
const perf = Boolean(process.env.JEST_PERF);

module.exports = {
	testEnvironment: 'node',
	setupFiles: ['<rootDir>/test/helpers/setup-env.js'],
	testMatch: perf ? ['<rootDir>/test/perf/**/*.test.js'] : ['<rootDir>/test/**/*.test.js'],
	testPathIgnorePatterns: [
		'/node_modules/',
		'<rootDir>/test/e2e/',
		'<rootDir>/bench/',
		...(perf ? [] : ['<rootDir>/test/perf/']),
	],
	testTimeout: 60000,
	maxWorkers: 2,
};
