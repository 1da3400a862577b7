// tsc compiles nodes/ and credentials/ (and emits the codex *.node.json files it is told to include);
// this task copies what tsc does not: the icons, light and dark, into dist/ at the same relative paths.
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

exports['build:assets'] = parallel(copyIcons, copyCodex);
exports.default = exports['build:assets'];
