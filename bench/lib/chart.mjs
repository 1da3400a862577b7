// Line chart of requests per second over time as SVG, turned into a PNG by headless Chromium
// (playwright-core, /usr/bin/chromium). No other dependency.
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);

const COLORS = ['#0b7a3e', '#c0392b', '#2e6bd6', '#8e44ad', '#d68910'];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * series: [{name, values: number[] (one per second), dashed?}] or [{name, points: [[x, y], ...]}];
 * limit: horizontal reference line. Each value is drawn at the middle of its second; points at their
 * x. xTicks ([{at, label}]) replaces the numbered x axis (e.g. a log scale of item counts); yStep
 * sets the grid of the y axis (default 10, 20 above 100).
 */
export function renderSvg({
	title,
	subtitle,
	series,
	limit,
	width = 1100,
	height = 560,
	yLabel = 'successful requests per second',
	xLabel = 'seconds since the first node of the contender started',
	xTicks,
	yStep: yStepOption,
}) {
	const m = { left: 70, right: 24, top: 64, bottom: 66 + 20 * series.length };
	const w = width - m.left - m.right;
	const h = height - m.top - m.bottom;
	const pointsOf = (s) => s.points ?? s.values.map((v, k) => [k + 0.5, v]);
	const maxX = xTicks
		? Math.max(...xTicks.map((t) => t.at))
		: Math.max(5, ...series.map((s) => s.values.length));
	const minX = xTicks ? Math.min(...xTicks.map((t) => t.at)) : 0;
	const maxYRaw = Math.max(limit || 0, ...series.flatMap((s) => pointsOf(s).map((p) => p[1])));
	const yStep = yStepOption ?? (maxYRaw > 100 ? 20 : 10);
	const maxY = Math.ceil((maxYRaw * 1.1) / yStep) * yStep || yStep;
	const x = (v) => m.left + ((v - minX) / (maxX - minX || 1)) * w;
	const y = (v) => m.top + h - (v / maxY) * h;
	const parts = [];
	parts.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
	);
	parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
	parts.push(
		`<text x="${m.left}" y="28" font-size="19" font-weight="bold" fill="#222">${esc(title)}</text>`,
	);
	if (subtitle)
		parts.push(`<text x="${m.left}" y="50" font-size="13" fill="#555">${esc(subtitle)}</text>`);
	// grid + y ticks
	for (let k = 0; k * yStep <= maxY + 1e-9; k++) {
		const v = Number((k * yStep).toPrecision(6));
		parts.push(
			`<line x1="${m.left}" x2="${m.left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#e6e6e6"/>`,
		);
		parts.push(
			`<text x="${m.left - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end" fill="#444">${v}</text>`,
		);
	}
	const xStep = maxX > 60 ? 10 : 5;
	const ticks =
		xTicks ??
		Array.from({ length: Math.floor(maxX / xStep) + 1 }, (_, k) => ({
			at: k * xStep,
			label: k * xStep,
		}));
	for (const tick of ticks) {
		parts.push(
			`<line x1="${x(tick.at)}" x2="${x(tick.at)}" y1="${m.top}" y2="${m.top + h}" stroke="#f0f0f0"/>`,
		);
		parts.push(
			`<text x="${x(tick.at)}" y="${m.top + h + 18}" font-size="12" text-anchor="middle" fill="#444">${esc(tick.label)}</text>`,
		);
	}
	parts.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + h}" stroke="#888"/>`);
	parts.push(
		`<line x1="${m.left}" x2="${m.left + w}" y1="${m.top + h}" y2="${m.top + h}" stroke="#888"/>`,
	);
	parts.push(
		`<text x="${m.left + w / 2}" y="${m.top + h + 40}" font-size="13" text-anchor="middle" fill="#333">${esc(xLabel)}</text>`,
	);
	parts.push(
		`<text transform="translate(20 ${m.top + h / 2}) rotate(-90)" font-size="13" text-anchor="middle" fill="#333">${esc(yLabel)}</text>`,
	);
	if (limit) {
		parts.push(
			`<line x1="${m.left}" x2="${m.left + w}" y1="${y(limit)}" y2="${y(limit)}" stroke="#555" stroke-dasharray="6 4" stroke-width="1.5"/>`,
		);
		parts.push(
			`<text x="${m.left + w - 4}" y="${y(limit) - 6}" font-size="12" text-anchor="end" fill="#555">limit ${limit} req/s</text>`,
		);
	}
	series.forEach((s, i) => {
		const color = s.color || COLORS[i % COLORS.length];
		const points = pointsOf(s);
		const pts = points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`);
		if (pts.length) {
			parts.push(
				`<polyline fill="none" stroke="${color}" stroke-width="2.5" ${s.dashed ? 'stroke-dasharray="8 4"' : ''} stroke-linejoin="round" points="${pts.join(' ')}"/>`,
			);
			points.forEach(([px, py]) =>
				parts.push(
					`<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="${s.points ? 4 : 2.6}" fill="${color}"/>`,
				),
			);
		}
		// legend
		const lx = m.left;
		const ly = m.top + h + 62 + i * 20;
		parts.push(
			`<line x1="${lx}" x2="${lx + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="3" ${s.dashed ? 'stroke-dasharray="8 4"' : ''}/>`,
		);
		parts.push(`<text x="${lx + 36}" y="${ly}" font-size="13" fill="#222">${esc(s.name)}</text>`);
	});
	parts.push('</svg>');
	return parts.join('\n');
}

/** SVG → PNG with headless Chromium. Returns the PNG path, or throws. */
export async function svgToPng(svg, pngFile, { width, height }) {
	const { chromium } = require('playwright-core');
	const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
	if (!fs.existsSync(executablePath))
		throw new Error(`no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
	const browser = await chromium.launch({
		executablePath,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
			'--disable-sync',
		],
	});
	try {
		const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
		await page.setContent(
			`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`,
		);
		await page.screenshot({ path: pngFile, clip: { x: 0, y: 0, width, height } });
	} finally {
		await browser.close();
	}
	return pngFile;
}
