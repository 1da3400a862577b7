/** Tests are plain CommonJS against the compiled package in dist/ (what n8n loads), so `npm test` builds first. */
module.exports = {
	testEnvironment: 'node',
	setupFiles: ['<rootDir>/test/helpers/setup-env.js'],
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/bench/'],
	testTimeout: 60000,
	maxWorkers: 2,
};
