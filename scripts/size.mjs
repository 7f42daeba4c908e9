// `npm run size`: brotli sizes of the built widget against their budgets; fails when over.
// The widget script bundles lightweight-charts, preact, comlink and the engine (for the
// main-thread fallback); the worker is the engine alone.
import fs from 'node:fs';
import zlib from 'node:zlib';

const BUDGETS = [
  {
    file: 'dist/widget/exitplan-widget.js',
    what: 'widget (one file: lightweight-charts + preact + comlink + engine + UI)',
    limit: 80 * 1024,
  },
  { file: 'dist/widget/exitplan-engine-worker.js', what: 'engine worker', limit: 12 * 1024 },
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
if (failed) {
  console.error('\nSize budget check failed.');
  process.exit(1);
}
