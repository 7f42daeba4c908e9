import fs from 'node:fs';
import { build, defineConfig, type Plugin } from 'vite';

// The embeddable widget as ONE classic script (IIFE: works from a plain <script src>, no
// build step for the blog author) plus the engine worker beside it, and the same engine as a
// plain script (exitplan-engine.js) that is loaded only where a CSP forbids the worker; the
// script finds both relative to its own URL. The backtest lab's view (exitplan-lab.js) and its
// worker (exitplan-lab-worker.js) are built beside them for pages that show the lab. All are
// minified; scripts/size.mjs holds them to their brotli budgets.
const OUT_DIR = 'dist/widget';
const JSX = { runtime: 'automatic', importSource: 'preact' } as const;

function engineWorker(): Plugin {
  return {
    name: 'exitplan-engine-worker',
    apply: 'build',
    async closeBundle() {
      if (!fs.existsSync('engine/worker.ts')) {
        throw new Error(
          'engine/worker.ts is missing: the widget needs the engine worker (expose(new EngineSession())).',
        );
      }
      // The worker, the same engine as a plain script for pages that forbid workers, and the
      // lab's worker and view.
      for (const [entry, file] of [
        ['engine/worker.ts', 'exitplan-engine-worker.js'],
        ['widget/engine-script.ts', 'exitplan-engine.js'],
        ['engine/lab-worker.ts', 'exitplan-lab-worker.js'],
        // The reversal model and the learned policy, started only by widgets that show them.
        ['engine/adaptive-worker.ts', 'exitplan-adaptive-worker.js'],
        // The lab view as one script of its own (window.ExitPlanLab.mountLab, demo/lab.html).
        ['widget/lab/standalone.ts', 'exitplan-lab.js'],
      ]) {
        await build({
          configFile: false,
          logLevel: 'warn',
          oxc: { jsx: JSX },
          build: {
            outDir: OUT_DIR,
            emptyOutDir: false,
            target: 'es2022',
            sourcemap: true,
            lib: { entry, formats: ['iife'], name: 'ExitPlanEngineBuild', fileName: () => file },
          },
        });
      }
    },
  };
}

export default defineConfig({
  oxc: { jsx: JSX },
  plugins: [engineWorker()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'widget/standalone.ts',
      formats: ['iife'],
      name: 'ExitPlanWidget',
      fileName: () => 'exitplan-widget.js',
    },
  },
});
