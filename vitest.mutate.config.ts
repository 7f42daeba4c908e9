import { defineConfig } from 'vitest/config';

// The tests that own engine/exits/position.ts and engine/plan/parse.ts, for `npm run mutate`
// (stryker.config.mjs): one Node project, no browser tests.
export default defineConfig({
  test: {
    include: [
      'test/unit/engine/position.test.ts',
      'test/unit/engine/plan-*.test.ts',
      'test/unit/exits/**/*.test.ts',
    ],
    // It bounds what V8's optimised code allocates; instrumented code allocates by design.
    exclude: ['test/unit/engine/position-allocation.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
