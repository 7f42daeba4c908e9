// `npm run bench`: runs every test/bench/*.bench.ts in its own Node process (tsx for
// TypeScript, --expose-gc so benches can measure heap growth), one after another so they do not
// compete for the two cores. `npm run bench -- tracker` runs only files whose name contains
// "tracker".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './run.mjs';

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
  `exitplan benchmarks · ${new Date().toISOString()} · node ${process.version} · ${os.availableParallelism()} cores (${cpu})`,
);
for (const file of files) {
  run(process.execPath, [
    '--expose-gc',
    '--max-old-space-size=4096',
    '--import',
    'tsx',
    path.join(dir, file),
  ]);
}
