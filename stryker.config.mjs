// Mutation testing of the exit engine's position state machine and the plan parser, each
// against the unit tests that own it (`npm run mutate`; slow, so not part of `npm test`).
// Scores and the equivalent mutants that remain: BENCHMARKS.md.
import path from 'node:path';
import process from 'node:process';

// The tests run in a copy under .stryker-tmp, where ../shared/data is not beside them: point
// them at it (the test processes inherit this).
process.env.EXITPLAN_DATA_DIR ??= path.resolve('../shared/data');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  mutate: ['engine/exits/position.ts', 'engine/plan/parse.ts'],
  coverageAnalysis: 'perTest',
  // The machine is shared: two test processes at most (STRYKER_CONCURRENCY=1 for one).
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 85, low: 70, break: null },
  timeoutMS: 20_000,
};
