import fs from 'node:fs';
import path from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';
import { iconPng } from './extension/build/icon-png.js';

/**
 * The MV3 extension into dist/extension. Extension pages (panel, popup, options) and the
 * service worker are ES modules; the content script and the engine worker must be single
 * classic scripts (content scripts cannot be modules, and the widget
 * starts its worker as a classic script), so each is built again as an IIFE after the main
 * bundle. The manifest is copied from extension/manifest.json; icons are drawn here.
 */
const root = path.resolve(import.meta.dirname, 'extension');
const outDir = path.resolve(import.meta.dirname, 'dist/extension');

const classicScripts: { entry: string; file: string }[] = [
  { entry: 'extension/content/index.ts', file: 'content.js' },
  { entry: 'engine/worker.ts', file: 'engine-worker.js' },
  { entry: 'engine/adaptive-worker.ts', file: 'adaptive-worker.js' },
];

function extensionAssets(): Plugin {
  return {
    name: 'exitplan-extension-assets',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.json',
        source: fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'),
      });
      for (const size of [16, 32, 48, 128])
        this.emitFile({ type: 'asset', fileName: `icons/icon-${size}.png`, source: iconPng(size) });
    },
    async closeBundle() {
      for (const { entry, file } of classicScripts) {
        await build({
          configFile: false,
          logLevel: 'warn',
          define: { 'process.env.NODE_ENV': '"production"' },
          build: {
            outDir,
            emptyOutDir: false,
            target: 'es2022',
            minify: true,
            sourcemap: false,
            copyPublicDir: false,
            lib: {
              entry: path.resolve(import.meta.dirname, entry),
              formats: ['iife'],
              name: 'exitplan',
              fileName: () => file,
            },
          },
        });
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  plugins: [extensionAssets()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    modulePreload: false,
    rollupOptions: {
      input: {
        background: path.resolve(root, 'background/index.ts'),
        panel: path.resolve(root, 'panel/index.html'),
        popup: path.resolve(root, 'popup/index.html'),
        options: path.resolve(root, 'options/index.html'),
        journal: path.resolve(root, 'journal/index.html'),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'background' ? 'background.js' : 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
