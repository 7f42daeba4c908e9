// `npm run bench -- bars-stream`: the CLI on big CSV files, up to 1 GiB (issue 16 item 14). The
// files are made in a temp folder from real bars (../shared/data, BTCUSDT 5m) repeated with
// shifted times, so every row is a real bar and the times keep rising: 64 MiB, 200 MiB (the
// issue's `backtest` took 2.4 GB on such a file) and 1 GiB. Each command runs in its own Node
// process (the bin's own code: cli/exitplan.ts main with nodeIo) and reports its peak resident
// memory (process.resourceUsage().maxRSS) and wall time; an empty Node process is the floor.
//
// The bounds checked (PASS/MISS, printed, never asserted):
//   - indicators and plan stream the file: their peak on 1 GiB is within 64 MB of their peak on
//     64 MiB (memory does not grow with the file);
//   - backtest runs as the bars stream past (from 32 MiB up: cli/backtest-stream.ts): every
//     policy bar by bar together, reading the file three times (a count, then the lab's two
//     passes), holding no bar. What still grows is each trade's R (8 bytes a trade; Donchian 20
//     on 5m bars makes ~1.5 million trades a GiB over the 7 policies) and nothing else: its peak
//     on 1 GiB is within 64 MB of its peak on 64 MiB. (Before, the lab held every bar, its
//     indicators, one equity curve a policy and every trade: 412 MB at 64 MiB, 1,122 MB at
//     200 MiB, 4,989 MB at 1 GiB, 271 bytes a bar.)
// Before the streaming reader the CLI read the whole file into one string, which V8 refuses
// past 2^29 characters ("Cannot create a string longer than..."): there is no "before" at 1 GiB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verdict } from './report.js';
import { BTC_5M, DATA_DIR } from '../unit/support/data.js';

const BIG = Number(process.env.BARS_STREAM_BYTES ?? 2 ** 30);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exitplan-stream-'));
const root = path.resolve(import.meta.dirname, '../..');

/** A CSV of at least `bytes` in `dir`, the BTC 5m rows repeated; its path and bar count. */
function generate(name: string, bytes: number): { file: string; bars: number; size: number } {
  const file = path.join(dir, name);
  const rows = fs.readFileSync(path.join(DATA_DIR, BTC_5M), 'utf8').trim().split('\n');
  const body = rows.slice(1).map((line) => {
    const comma = line.indexOf(',');
    return [Number(line.slice(0, comma)), line.slice(comma)] as const;
  });
  const span = body[body.length - 1][0] - body[0][0] + 300;
  const fd = fs.openSync(file, 'w');
  let written = fs.writeSync(fd, rows[0] + '\n');
  let bars = 0;
  for (let k = 0; written < bytes; k++) {
    const shift = k * span;
    written += fs.writeSync(fd, body.map(([t, rest]) => `${t + shift}${rest}`).join('\n') + '\n');
    bars += body.length;
  }
  fs.closeSync(fd);
  return { file, bars, size: written };
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

const COMMANDS = {
  indicators: (file: string) => ['indicators', file, '--out', path.join(dir, 'indicators.csv')],
  plan: (file: string) => ['plan', file, '--side', 'long', '--stop', 'atr14x2', '--ladder', '1R:50,2R:50'],
  'plan --at': (file: string) => [
    'plan',
    file,
    ...['--side', 'long', '--at', '2020-12-02', '--stop', 'atr14x2', '--trail', 'atr14x3'],
  ],
  // The 7 default policies on Donchian 20 breakouts; no bootstrap (its cost is per trade).
  backtest: (file: string) => ['backtest', file, '--entries', 'donchian:20', '--bootstrap', '0'],
} as const;
type Command = keyof typeof COMMANDS;

try {
  const floor = spawnSync(process.execPath, ['-e', 'console.log(process.resourceUsage().maxRSS / 1024)'], {
    encoding: 'utf8',
  });
  const floorMb = Number(floor.stdout);
  console.log(`empty node process: peak RSS ${floorMb.toFixed(0)} MB`);
  const peaks = new Map<string, number>();
  const barCounts = new Map<string, number>();
  const plan: [string, number, Command[]][] = [
    ['small.csv', 64 * 2 ** 20, ['indicators', 'plan', 'backtest']],
    ['issue.csv', 200 * 2 ** 20, ['backtest']],
    ['big.csv', BIG, ['indicators', 'plan', 'plan --at', 'backtest']],
  ];
  // BARS_STREAM_COMMANDS=backtest,plan: only those commands (the bounds need both sizes).
  const only = process.env.BARS_STREAM_COMMANDS?.split(',');
  for (const [name, bytes, all] of plan) {
    const commands = all.filter((c) => only === undefined || only.includes(c));
    if (commands.length === 0) continue;
    const started = performance.now();
    const { file, bars, size } = generate(name, bytes);
    console.log(
      `\n${(size / 2 ** 20).toFixed(0)} MiB, ${bars.toLocaleString('en-US')} bars (made in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    for (const command of commands) {
      const m = measure([...COMMANDS[command](file)]);
      peaks.set(`${name} ${command}`, m.rssMb);
      const perBar = ((m.rssMb - floorMb) * 2 ** 20) / bars;
      console.log(
        `  ${command.padEnd(11)} peak RSS ${m.rssMb.toFixed(0).padStart(5)} MB (${perBar.toFixed(0)} B a bar above the floor), ${m.seconds.toFixed(1)} s, ${(size / 2 ** 20 / m.seconds).toFixed(1)} MiB/s (${((1000 * m.seconds) / (size / 2 ** 20)).toFixed(0)} ms a MiB)${command.startsWith('plan') ? ' (plan reads the file twice)' : command === 'backtest' && size >= 32 << 20 ? ' (read three times)' : ''}, exit ${m.code}`,
      );
      barCounts.set(`${name} ${command}`, bars);
    }
    fs.rmSync(file);
  }
  console.log('');
  if (peaks.has('big.csv backtest') && peaks.has('small.csv backtest')) {
    // The memory a bar adds, from 64 MiB to 1 GiB (the fixed part, code and heap, cancels out).
    const slope =
      ((peaks.get('big.csv backtest')! - peaks.get('small.csv backtest')!) * 2 ** 20) /
      (barCounts.get('big.csv backtest')! - barCounts.get('small.csv backtest')!);
    console.log(`backtest: ${slope.toFixed(1)} B a bar from 64 MiB to 1 GiB (was 271)`);
  }
  for (const command of ['indicators', 'plan', 'backtest'] as const) {
    if (!peaks.has(`big.csv ${command}`)) continue;
    const growth = peaks.get(`big.csv ${command}`)! - peaks.get(`small.csv ${command}`)!;
    verdict(
      `${command}: peak memory does not grow with the file (1 GiB against 64 MiB, within 64 MB)`,
      growth <= 64,
      `${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
