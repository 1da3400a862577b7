'use strict';
/**
 * Checks the relative links of Markdown files the way GitHub renders them: the file or folder a link
 * names exists in the repository (tracked, or new and not ignored), and a `#fragment` names a heading
 * of the target Markdown file (GitHub's anchor slugs) or an explicit `<a id|name>` in it.
 *
 *   brokenLinks(['README.md', 'docs/x.md'], { root }) → [{file, line, target, problem}]
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Blanks fenced code blocks (keeping line breaks, so line numbers hold) and HTML comments. */
function withoutCode(markdown) {
	const lines = markdown.split('\n');
	let fence = null;
	const out = lines.map((line) => {
		const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
		if (fence) {
			if (
				m &&
				m[1][0] === fence[0] &&
				m[1].length >= fence.length &&
				!/\S/.test(line.slice(m[0].length))
			)
				fence = null;
			return '';
		}
		if (m) {
			fence = m[1];
			return '';
		}
		return line;
	});
	return out.join('\n').replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
}

/** Inline code spans blanked (same length), so a link shown as code is not a link. */
const withoutCodeSpans = (line) =>
	line.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (m) => ' '.repeat(m.length));

/** The text GitHub slugs a heading from: inline markup reduced to what is rendered. */
function renderedHeadingText(raw) {
	return raw
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
		.replace(/<[^>]+>/g, '')
		.replace(/(^|[^\p{L}\p{N}])_+([^_]+?)_+(?=[^\p{L}\p{N}]|$)/gu, '$1$2')
		.replace(/`/g, '');
}

/**
 * GitHub's heading anchor (github-slugger): lower case, every character but letters, marks, digits,
 * connector punctuation (_), hyphens and spaces removed, spaces turned into hyphens.
 */
function githubSlug(text) {
	return renderedHeadingText(text)
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** Every anchor a Markdown text offers: heading slugs (repeats get -1, -2, …) and <a id/name>. */
function anchorsOf(markdown) {
	const anchors = new Set();
	const seen = new Map();
	const add = (slug) => {
		const n = seen.get(slug) || 0;
		seen.set(slug, n + 1);
		anchors.add(n ? `${slug}-${n}` : slug);
	};
	const lines = withoutCode(markdown).split('\n');
	lines.forEach((line, i) => {
		const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
		if (atx) return add(githubSlug(atx[1] || ''));
		// Setext: a paragraph line underlined with === or --- (not a list item, table or other block).
		const prev = lines[i - 1];
		if (
			i > 0 &&
			/^ {0,3}(=+|-+)[ \t]*$/.test(line) &&
			prev &&
			prev.trim() &&
			!/^ {0,3}([-*+]|\d+[.)])[ \t]|^ {0,3}(#|>|\|)|^ {0,3}(=+|-+)[ \t]*$/.test(prev) &&
			!(i > 1 && lines[i - 2].trim())
		)
			add(githubSlug(prev));
	});
	for (const m of markdown.matchAll(/<a\b[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']/gi))
		anchors.add(m[1]);
	return anchors;
}

/** [{line, target}] of every link and image a Markdown text has (inline, reference, HTML). */
function linksOf(markdown) {
	const links = [];
	withoutCode(markdown)
		.split('\n')
		.forEach((raw, i) => {
			const line = withoutCodeSpans(raw);
			const push = (target) => links.push({ line: i + 1, target: target.trim() });
			const inline =
				/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|(?:[^\s()]|\([^\s()]*\))+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
			for (const m of line.matchAll(inline)) push(m[1].replace(/^<|>$/g, ''));
			const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
			if (definition) push(definition[1].replace(/^<|>$/g, ''));
			for (const m of line.matchAll(/<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']/gi))
				push(m[1]);
		});
	return links;
}

const isExternal = (target) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** The repository's files as GitHub would show them: tracked, or new and not ignored (null: no git). */
function repositoryFiles(root) {
	try {
		const out = execFileSync(
			'git',
			['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
			{
				cwd: root,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			},
		);
		const files = new Set();
		const dirs = new Set(['']);
		for (const f of out.split('\0').filter(Boolean)) {
			if (!fs.existsSync(path.join(root, f))) continue; // deleted in the work tree
			files.add(f);
			for (let d = path.posix.dirname(f); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
		}
		return { files, dirs };
	} catch {
		return null;
	}
}

/**
 * The broken relative links of `files` (paths relative to root): [{file, line, target, problem}].
 * `repo` ({files, dirs}) defaults to git's view of root; without git, what exists on disk counts.
 */
function brokenLinks(files, { root, repo = repositoryFiles(root) } = {}) {
	const problems = [];
	const anchorCache = new Map();
	const anchorsOfFile = (rel) => {
		if (!anchorCache.has(rel))
			anchorCache.set(rel, anchorsOf(fs.readFileSync(path.join(root, rel), 'utf8')));
		return anchorCache.get(rel);
	};
	const kind = (rel) => {
		if (repo) return repo.files.has(rel) ? 'file' : repo.dirs.has(rel) ? 'dir' : null;
		const abs = path.join(root, rel);
		if (!fs.existsSync(abs)) return null;
		return fs.statSync(abs).isDirectory() ? 'dir' : 'file';
	};
	for (const file of files) {
		const markdown = fs.readFileSync(path.join(root, file), 'utf8');
		for (const { line, target } of linksOf(markdown)) {
			if (!target || isExternal(target)) continue;
			const report = (problem) => problems.push({ file, line, target, problem });
			const hash = target.indexOf('#');
			const pathPart = (hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
			const fragment = hash < 0 ? null : target.slice(hash + 1);
			let decoded;
			try {
				decoded = decodeURIComponent(pathPart);
			} catch {
				report('the path is not valid percent-encoding');
				continue;
			}
			const rel = !decoded
				? file
				: path.posix
						.normalize(
							decoded.startsWith('/')
								? decoded.slice(1)
								: path.posix.join(path.posix.dirname(file), decoded),
						)
						.replace(/\/$/, '') || '';
			if (rel === '..' || rel.startsWith('../')) {
				report('points outside the repository');
				continue;
			}
			const what = rel === '' || rel === '.' ? 'dir' : kind(rel);
			if (!what) {
				report(`${rel} is not in the repository`);
				continue;
			}
			if (fragment === null || fragment === '') continue;
			if (what === 'dir' || !rel.endsWith('.md')) {
				if (!/^L\d+(-L\d+)?$/.test(fragment))
					report(`#${fragment}: ${rel} is not a Markdown file with headings`);
				continue;
			}
			let anchor;
			try {
				anchor = decodeURIComponent(fragment);
			} catch {
				anchor = fragment;
			}
			if (!anchorsOfFile(rel).has(anchor))
				report(`#${fragment} is not a heading or anchor of ${rel}`);
		}
	}
	return problems;
}

module.exports = { anchorsOf, brokenLinks, githubSlug, linksOf };
