// `node scripts/cut-demo-data.mjs`: writes demo/data/, the small data set the demo post and the
// lab serve from a clone of this repository alone. Each file is a stretch of one series in
// ../shared/data (demo/data/README.md gives where those came from), cut by time: the header and
// every row whose time is in [from, to), copied byte for byte, so prices and volumes are the
// source's own strings. The stretches hold each demo widget's trade with a few thousand bars
// around it (indicator warm-up, history to scroll back through, the bars after the exit).
// Run from the repository's folder with ../shared beside it; it refuses to write a cut that
// came out empty, and prints each file's rows, range and size.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(process.cwd(), '../shared/data');
const out = path.join(root, 'demo/data');

/** UNIX seconds of a UTC date-time. */
const utc = (iso) => Date.parse(`${iso}Z`) / 1000;

/** What is cut, and why each stretch is the one it is. `to` absent: to the end of the file. */
export const CUTS = [
  {
    // demo post, first chart: the long of 2021-01-02 12:00 (exit the next morning), 9 days before it.
    source: 'btcusdt_binance_5m_2020-12_2021-07.csv',
    target: 'btcusdt_binance_5m_2020-12-24_2021-01-07.csv',
    from: utc('2020-12-24T00:00:00'),
    to: utc('2021-01-08T00:00:00'),
  },
  {
    // demo post, the short of 2020-02-21, and the lab's default market (Donchian 20 on daily bars).
    source: 'spy_daily_1999-2020.csv',
    target: 'spy_daily_2005-2020.csv',
    from: utc('2005-01-01T00:00:00'),
  },
  {
    // demo post, the replay: the long of 2021-07-17 08:00, two weeks before it, to the file's end.
    source: 'ethusdt_binance_5m_2020-12_2021-07.csv',
    target: 'ethusdt_binance_5m_2021-07-03_2021-07-17.csv',
    from: utc('2021-07-03T00:00:00'),
  },
  {
    // demo post, the simulated live feed: history, then the last bars replayed as ticks.
    source: 'btcperp_1m_2021-12-31_2022-02-01.csv',
    target: 'btcperp_1m_2022-01-29_2022-02-01.csv',
    from: utc('2022-01-29T12:00:00'),
  },
];

function cut({ source, target, from, to = Infinity }) {
  const text = fs.readFileSync(path.join(shared, source), 'utf8');
  const lines = text.split('\n');
  const header = lines[0];
  const rows = lines.slice(1).filter((line) => line.trim() !== '');
  const kept = rows.filter((line) => {
    const time = Number(line.slice(0, line.indexOf(',')));
    return time >= from && time < to;
  });
  if (kept.length === 0) throw new Error(`${source}: no row in [${from}, ${to})`);
  const body = `${header}\n${kept.join('\n')}\n`;
  fs.writeFileSync(path.join(out, target), body);
  const first = Number(kept[0].split(',')[0]);
  const last = Number(kept[kept.length - 1].split(',')[0]);
  const iso = (t) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
  console.log(
    `${target}: ${kept.length} rows of ${rows.length} in ${source}, ${iso(first)} -> ${iso(last)} UTC, ` +
      `rows ${rows.indexOf(kept[0]) + 1}-${rows.indexOf(kept[0]) + kept.length} of the source, ` +
      `${(body.length / 1024).toFixed(0)} KB`,
  );
  return body.length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!fs.existsSync(shared)) {
    console.error(`No ${shared}: the demo data is cut from the shared data set beside this checkout.`);
    process.exit(1);
  }
  fs.mkdirSync(out, { recursive: true });
  const total = CUTS.reduce((sum, c) => sum + cut(c), 0);
  console.log(`demo/data: ${(total / 1024 / 1024).toFixed(2)} MB in ${CUTS.length} files`);
}
