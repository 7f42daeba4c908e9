import { defineConfig } from 'vitest/config';

// Two projects: fast unit/property tests in Node, and end-to-end tests that drive the
// built widget and extension in a real headless Chromium (they need `npm run build` first).
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: CI machines have two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
