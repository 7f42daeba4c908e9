// Mutation testing (`npm run mutate`; slow, so not part of `npm test`): Stryker mutates each
// target's files below and runs the unit tests that own them (vitest.mutate.config.ts picks them by
// EXITPLAN_MUTATE), then this prints both scores. `npm run mutate -- plan` runs one target.
// Results are kept in reports/ so a second run retests only what changed (incremental).
import path from 'node:path';
import process from 'node:process';
import { Stryker } from '@stryker-mutator/core';

// A target is a rule file and the files it was split into (same rules, smaller rooms).
const TARGETS = [
  {
    name: 'exits',
    files: [
      'engine/exits/position.ts',
      'engine/exits/position-core.ts',
      'engine/exits/position-state.ts',
      'engine/exits/stop-moves.ts',
      'engine/exits/fill-marker.ts',
    ],
  },
  {
    name: 'plan',
    files: [
      'engine/plan/parse.ts',
      'engine/plan/parse-signals.ts',
      'engine/plan/validate.ts',
      'engine/plan/text-numbers.ts',
    ],
  },
];

// The tests run in a copy under .stryker-tmp, where ../shared/data is not beside them.
process.env.EXITPLAN_DATA_DIR ??= path.resolve('../shared/data');

const only = process.argv[2];
const targets = TARGETS.filter((t) => !only || t.name === only);
if (targets.length === 0) {
  console.error(`npm run mutate -- <target>: one of ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(1);
}

const scores = [];
for (const target of targets) {
  process.env.EXITPLAN_MUTATE = target.name;
  const results = await new Stryker({
    testRunner: 'vitest',
    vitest: { configFile: 'vitest.mutate.config.ts', related: false },
    mutate: target.files,
    coverageAnalysis: 'perTest',
    // The machine is shared: two test processes at most (STRYKER_CONCURRENCY=1 for one).
    concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: `reports/mutation/${target.name}.html` },
    jsonReporter: { fileName: `reports/mutation/${target.name}.json` },
    incremental: true,
    incrementalFile: `reports/mutation/${target.name}-incremental.json`,
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    thresholds: { high: 85, low: 70, break: null },
    timeoutMS: 20_000,
  }).runMutationTest();
  // One score per file, and the target's total.
  for (const file of [...target.files, null]) {
    const mine = results.filter((r) => file === null || r.fileName.endsWith(file));
    const count = (...statuses) => mine.filter((r) => statuses.includes(r.status)).length;
    const detected = count('Killed', 'Timeout');
    const undetected = count('Survived', 'NoCoverage');
    if (detected + undetected === 0) continue;
    const label = file ?? `${target.name} (all ${target.files.length} files)`;
    scores.push({ label, detected, undetected, score: (100 * detected) / (detected + undetected) });
  }
}

console.log('\nMutation scores (killed + timed out, of all valid mutants):');
for (const s of scores) {
  console.log(
    `  ${s.label.padEnd(32)} ${s.score.toFixed(1).padStart(5)}%  (${s.detected} detected, ${s.undetected} survived or uncovered)`,
  );
}
