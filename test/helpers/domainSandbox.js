// Lives in bench/lib/domainSandbox.js (the pacing run in bench/ uses it too, and bench/ imports nothing from test/).
'use strict';

module.exports = require('../../bench/lib/domainSandbox');
