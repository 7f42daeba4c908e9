// `npm test`: everything CI checks, in the order a failure is cheapest to find.
import { ensureChromium, run } from './run.mjs';

ensureChromium();
run('npm', ['run', 'typecheck']);
run('npm', ['run', 'lint']);
run('npm', ['run', 'build']);
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
