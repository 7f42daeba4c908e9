// `npm run build`: every part into dist/. Each part has its own vite config.
import fs from 'node:fs';
import { run } from './run.mjs';

fs.rmSync('dist', { recursive: true, force: true });
run('npx', ['vite', 'build', '-c', 'vite.engine.config.ts']);
run('npx', ['tsc', '-p', 'engine/tsconfig.build.json']);
for (const part of ['widget', 'extension']) {
  const config = `vite.${part}.config.ts`;
  if (fs.existsSync(config)) run('npx', ['vite', 'build', '-c', config]);
}
