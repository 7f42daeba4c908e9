import { defineConfig } from 'vitest/config';

// The unit tests that own each file `npm run mutate` mutates (scripts/mutate.mjs sets
// EXITPLAN_MUTATE): one Node project, no browser tests.
const OWNERS: Record<string, string[]> = {
  // live-ticks plays Position.stepTicks through a ChartSession on a real bar.
  exits: [
    'test/unit/engine/position.test.ts',
    'test/unit/engine/live-ticks.test.ts',
    'test/unit/exits/**/*.test.ts',
  ],
  plan: ['test/unit/engine/plan-*.test.ts'],
};

export default defineConfig({
  test: {
    include: OWNERS[process.env.EXITPLAN_MUTATE ?? ''] ?? Object.values(OWNERS).flat(),
    // The allocation bound measures V8's optimised code; instrumented code allocates by design.
    exclude: ['test/unit/engine/position-allocation.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
