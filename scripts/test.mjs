// `npm test`: everything CI checks, in the order a failure is cheapest to find.
import { ensureChromium, run } from './run.mjs';

ensureChromium();
run('npm', ['run', 'typecheck']);
run('npm', ['run', 'lint']);
run('npm', ['run', 'build']);
// The brotli budgets of the built widget and workers (scripts/size.mjs), on every run.
run('npm', ['run', 'size']);
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
