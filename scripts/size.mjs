// `npm run size`: brotli sizes of the built widget against their budgets; fails when over.
// The widget script bundles lightweight-charts, preact, comlink, the UI and the engine's plan and
// bar parsers; the engine worker is the chart's engine (no plan parser, no backtest lab); the lab
// worker is the backtest lab, loaded only by pages that mount the lab view.
import fs from 'node:fs';
import zlib from 'node:zlib';

// Printed for information: exitplan-engine.js (the page-thread fallback, loaded only under a CSP
// that forbids workers; the worker's engine without comlink) and exitplan-lab.js (the lab view,
// a page of its own with its own copy of lightweight-charts and preact).
const INFO = [
  ['dist/widget/exitplan-engine.js', 'loaded only when a CSP forbids the worker'],
  ['dist/widget/exitplan-lab.js', 'the lab view, only on pages that show the lab'],
];
const BUDGETS = [
  {
    file: 'dist/widget/exitplan-widget.js',
    what: 'widget (one file: lightweight-charts + preact + comlink + UI + engine plan and bar parsers)',
    limit: 80 * 1024,
  },
  { file: 'dist/widget/exitplan-engine-worker.js', what: 'engine worker', limit: 12 * 1024 },
  {
    file: 'dist/widget/exitplan-lab-worker.js',
    what: 'lab worker (backtest lab + tracker + comlink; only for the lab view)',
    limit: 20 * 1024,
  },
];

const brotli = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let failed = false;
for (const { file, what, limit } of BUDGETS) {
  if (!fs.existsSync(file)) {
    console.error(`MISSING ${file} (${what}): run \`npm run build\` first.`);
    failed = true;
    continue;
  }
  const raw = fs.readFileSync(file);
  const size = brotli(raw);
  const ok = size <= limit;
  if (!ok) failed = true;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${file}: ${kb(size)} brotli (${kb(raw.length)} minified) / budget ${kb(limit)}, ${((size / limit) * 100).toFixed(0)}% — ${what}`,
  );
}
for (const [file, when] of INFO) {
  if (fs.existsSync(file)) console.log(`info ${file}: ${kb(brotli(fs.readFileSync(file)))} brotli — ${when}`);
}
if (failed) {
  console.error('\nSize budget check failed.');
  process.exit(1);
}
