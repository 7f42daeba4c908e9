import { defineConfig } from 'vite';

// The engine and the CLI as Node ES modules: dist/engine/index.js (package export
// `exitplan/engine`) and dist/cli/exitplan.js (the `exitplan` bin).
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: true,
    ssr: true,
    rollupOptions: {
      input: { 'engine/index': 'engine/index.ts', 'cli/exitplan': 'cli/exitplan.ts' },
      output: { entryFileNames: '[name].js', chunkFileNames: 'engine/chunks/[name]-[hash].js', format: 'es' },
    },
  },
});
