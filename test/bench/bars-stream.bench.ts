// `npm run bench -- bars-stream`: the CLI on a 1 GB CSV (issue 16 item 14). The file is made in
// a temp folder from real bars (../shared/data, BTCUSDT 5m) repeated with shifted times, so
// every row is a real bar and the times keep rising. Each command runs in its own Node process
// (the bin's own code: cli/exitplan.ts main with nodeIo) and reports its peak resident memory
// (process.resourceUsage().maxRSS) and wall time; an empty Node process is the floor. Before
// the streaming reader the CLI read the whole file into one string, which V8 refuses past
// 512 MiB ("Cannot create a string longer than..."): there is no "before" figure at 1 GB.
// Printed, never asserted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BTC_5M, DATA_DIR } from '../unit/support/data.js';

const TARGET = Number(process.env.BARS_STREAM_BYTES ?? 2 ** 30);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-stream-'));
const file = path.join(dir, 'btc-repeated.csv');
const root = path.resolve(import.meta.dirname, '../..');

function generate(): number {
  const rows = fs.readFileSync(path.join(DATA_DIR, BTC_5M), 'utf8').trim().split('\n');
  const body = rows.slice(1).map((line) => {
    const comma = line.indexOf(',');
    return [Number(line.slice(0, comma)), line.slice(comma)] as const;
  });
  const span = body[body.length - 1][0] - body[0][0] + 300;
  const fd = fs.openSync(file, 'w');
  let written = fs.writeSync(fd, rows[0] + '\n');
  let count = 0;
  for (let k = 0; written < TARGET; k++) {
    const shift = k * span;
    const piece = body.map(([t, rest]) => `${t + shift}${rest}`).join('\n') + '\n';
    written += fs.writeSync(fd, piece);
    count += body.length;
  }
  fs.closeSync(fd);
  return count;
}

/** Runs `exitplan <args>` in a fresh process; its peak RSS and wall time. */
function measure(args: string[]): { rssMb: number; seconds: number; code: number } {
  const script = `
    import { main } from ${JSON.stringify(path.join(root, 'cli/exitplan.ts'))};
    import { nodeIo } from ${JSON.stringify(path.join(root, 'cli/node-io.ts'))};
    import fs from 'node:fs';
    const started = performance.now();
    const code = main(${JSON.stringify(args)}, nodeIo(() => {}, (s) => fs.writeSync(2, s), false));
    const seconds = (performance.now() - started) / 1000;
    fs.writeSync(1, JSON.stringify({ code, seconds, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`exitplan ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { rssMb: number; seconds: number; code: number };
}

try {
  const started = performance.now();
  const rows = generate();
  const size = fs.statSync(file).size;
  console.log(
    `generated ${(size / 2 ** 30).toFixed(2)} GiB, ${rows.toLocaleString('en-US')} bars in ${((performance.now() - started) / 1000).toFixed(0)} s: ${file}`,
  );
  const floor = spawnSync(process.execPath, ['-e', 'console.log(process.resourceUsage().maxRSS / 1024)'], {
    encoding: 'utf8',
  });
  console.log(`empty node process: peak RSS ${Number(floor.stdout).toFixed(0)} MB`);
  const out = path.join(dir, 'indicators.csv');
  for (const [label, args] of [
    ['indicators --out file', ['indicators', file, '--out', out]],
    ['plan (last bar)', ['plan', file, '--side', 'long', '--stop', 'atr14x2', '--ladder', '1R:50,2R:50']],
    [
      'plan (entered early)',
      ['plan', file, '--side', 'long', '--at', '2020-12-02', '--stop', 'atr14x2', '--trail', 'atr14x3'],
    ],
  ] as const) {
    const m = measure([...args]);
    console.log(
      `${label.padEnd(22)} peak RSS ${m.rssMb.toFixed(0).padStart(5)} MB, ${m.seconds.toFixed(1)} s (${(size / 2 ** 20 / m.seconds).toFixed(0)} MiB of file per second; plan reads it twice), exit ${m.code}`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
