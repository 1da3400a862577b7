// Lives in bench/lib/engine.js (the pacing run in bench/ uses it too, and bench/ imports nothing from test/).
'use strict';

module.exports = require('../../bench/lib/engine');
