// Runs before every jest test file (jest.config.js setupFiles).
'use strict';
require('../../bench/lib/n8nEnv');

// n8n-core's WorkflowExecute hands every error a node ends with to its ErrorReporter (meant for
// Sentry), which logs the message through winston's console transport. In these tests node errors are
// the expected outcome of hundreds of cases (bad input, 404s, a downstream node that throws on purpose)
// and each test reads them from the run's result, so the copy in the log is noise. Only node errors are
// dropped: anything else n8n reports (an unexpected TypeError, "Task data missing", ...) still prints.
// Patched where n8n-core is loaded (lazily), so test files that never load n8n-core don't pay for it.
if (typeof jest !== 'undefined') {
	jest.mock('n8n-core', () => {
		const core = jest.requireActual('n8n-core');
		// n8n's node errors: NodeOperationError, NodeApiError, and what n8n wraps into them.
		const isNodeError = (error) => {
			for (let proto = error; proto; proto = Object.getPrototypeOf(proto))
				if (proto.constructor && proto.constructor.name === 'NodeError') return true;
			return false;
		};
		const report = core.ErrorReporter.prototype.error;
		core.ErrorReporter.prototype.error = function error(e, options) {
			if (e instanceof Error && isNodeError(e)) return;
			return report.call(this, e, options);
		};
		return core;
	});
}
