// `npm run bench`: runs every test/bench/*.bench.ts in its own Node process (tsx for
// TypeScript, --expose-gc so benches can collect garbage between runs and measure heap growth),
// one after another so they do not compete for the cores. A failing bench is reported and the
// others still run; the exit code is non-zero if any failed. `npm run bench -- tracker` runs
// only files whose name contains "tracker".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = path.join('test', 'bench');
const filters = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark in ${dir} matches ${filters.join(', ') || '*.bench.ts'}`);
  process.exit(1);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `exitplan benchmarks · ${new Date().toISOString()} · node ${process.version} · ` +
    `${os.availableParallelism()} cores (${cpu}) · load ${os.loadavg()[0].toFixed(1)}`,
);
const failed = [];
for (const file of files) {
  const args = ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', path.join(dir, file)];
  console.log(`\n> node ${args.join(' ')}`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) failed.push(`${file} (exit ${result.status ?? result.signal})`);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
