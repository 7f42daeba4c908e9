// `npm start` (after the build): serves the demo blog post, the widget build, the market data and
// the extension build on localhost, and prints where everything is and which data it serves.
// The demo reads demo/data/ (a few thousand bars of each series, in the repository); the full
// series of ../shared/data, when that folder is beside the checkout, are served as /data/ too.
//   node scripts/serve.mjs [--port 5178] [--host 127.0.0.1]    (PORT / HOST env work too; --port 0 = any free port)
//   --widget-dir <folder> serves another build as /widget/ (the browser bench's A/B against older code)
//   --bench-dir <folder> serves the browser bench's own pages as /bench/ (same origin as the widget)
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(process.cwd(), '../shared/data');
const demoDataDir = path.join(root, 'demo/data');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** URL prefix -> folder on disk. Only files under these folders are ever served. */
const MOUNTS = [
  ['/demo/', path.join(root, 'demo')],
  ['/widget/', path.resolve(arg('widget-dir', path.join(root, 'dist/widget')))],
  ['/extension/', path.join(root, 'dist/extension')],
  ['/data/', dataDir],
  ...(arg('bench-dir') ? [['/bench/', path.resolve(arg('bench-dir'))]] : []),
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
};

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/** The CSV files of a folder, sorted; none when the folder is not there. */
function csvFiles(dir) {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.csv'))
        .sort()
    : [];
}

/**
 * Every data set served, so the demo's pickers can offer them: the demo data first (always
 * there), then the full series of ../shared/data when it is beside the checkout. `files` is the
 * shared folder's names alone, as before.
 */
function dataIndex(res) {
  const shared = csvFiles(dataDir);
  const datasets = [
    ...csvFiles(demoDataDir).map((name) => ({ name, url: `/demo/data/${name}`, group: 'demo' })),
    ...shared.map((name) => ({ name, url: `/data/${name}`, group: 'shared' })),
  ];
  send(res, 200, JSON.stringify({ datasets, files: shared }), TYPES['.json']);
}

function resolveFile(urlPath) {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    const rel = decodeURIComponent(urlPath.slice(prefix.length)) || 'index.html';
    const file = path.resolve(dir, rel);
    // No escaping the mounted folder with ../ or an encoded variant.
    if (file !== dir && !file.startsWith(dir + path.sep)) return null;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) return path.join(file, 'index.html');
    return file;
  }
  return null;
}

/** Cut-down CSVs already served, so a benchmark's repeated loads measure the widget, not the cut. */
const firstRows = new Map();

/** The first `count` lines of `text`, each ending in a newline. */
function firstLines(text, count) {
  let end = 0;
  for (let n = 0; n < count && end < text.length; n++) {
    const newline = text.indexOf('\n', end);
    end = newline < 0 ? text.length : newline + 1;
  }
  const head = text.slice(0, end);
  return head.endsWith('\n') ? head : `${head}\n`;
}

export function createServer() {
  return http.createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return send(res, 400, 'bad request');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/demo/' });
      return res.end();
    }
    // Browsers ask for it on every page; a 204 keeps the console free of a meaningless 404.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    if (['/data/', '/data/index.json', '/demo/data/'].includes(url.pathname)) return dataIndex(res);
    let file;
    try {
      file = resolveFile(url.pathname);
    } catch {
      return send(res, 400, 'bad path');
    }
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile())
      return send(res, 404, `not found: ${url.pathname}`);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    // /data/x.csv?rows=N: the header and the first N bars, for demos and benchmarks that want a size.
    const rows = Number(url.searchParams.get('rows'));
    if (path.extname(file) === '.csv' && Number.isInteger(rows) && rows > 0) {
      const key = `${file}?${rows}`;
      // Cut once, kept as bytes: later requests cost a write, not a split and an encode of megabytes.
      if (!firstRows.has(key))
        firstRows.set(key, Buffer.from(firstLines(fs.readFileSync(file, 'utf8'), rows + 1)));
      const body = firstRows.get(key);
      res.writeHead(200, {
        'content-type': type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-length': body.length,
      });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-length': fs.statSync(file).size,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  });
}

function printBanner(base) {
  const lines = [
    '',
    'exitplan is being served:',
    `  Demo (blog post with live widgets):  ${base}/demo/`,
    `  Backtest lab (scaling out vs not):   ${base}/demo/lab.html`,
    `  Strict-CSP demo (engine fallback):  ${base}/demo/strict-csp.html`,
    `  Widget script for <script src>:     ${base}/widget/exitplan-widget.js`,
    '',
    'Data served:',
    `  Demo data, read by the demo and the lab:  ${base}/demo/data/  (demo/data: ${csvFiles(demoDataDir).length} series, a few thousand bars each)`,
    fs.existsSync(dataDir)
      ? `  Full series, also in the lab's picker:   ${base}/data/  (${dataDir}: ${csvFiles(dataDir).length} files)`
      : `  Full series: none (no ${dataDir} beside this checkout), so the demo data only`,
  ];
  if (!fs.existsSync(path.join(root, 'dist/widget/exitplan-widget.js')))
    lines.push('  (no dist/widget yet: run `npm run build` first)');
  console.log(lines.join('\n'));
  // ---- Extension load instructions: owned by the extension's engineer, read from extension/LOAD.txt ----
  const load = path.join(root, 'extension/LOAD.txt');
  if (fs.existsSync(load)) {
    console.log(
      `\nBrowser extension (build in ${path.join(root, 'dist/extension')}, also at ${base}/extension/):`,
    );
    console.log(fs.readFileSync(load, 'utf8').trimEnd());
  }
  // ---- end of extension section ----
  console.log('\nCtrl+C stops the server.');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(arg('port', process.env.PORT ?? '5178'));
  const host = arg('host', process.env.HOST ?? '127.0.0.1');
  const server = createServer();
  server.on('error', (e) => {
    console.error(
      `Could not listen on ${host}:${port}: ${e.message}. Try another port: node scripts/serve.mjs --port 5179`,
    );
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    printBanner(`http://${host}:${typeof address === 'object' && address ? address.port : port}`);
  });
}
