import { BacktestError } from '../../backtest/errors.js';
import { MlError } from '../errors.js';
import { adaptiveDirector } from './adaptive.js';
import type { DirectorProvider } from './director.js';
import { loadPolicyFile } from './file.js';
import type { QTable } from './fqi.js';
import { learnedDirector } from './learned.js';

/** The director name a custom policy's `policy=learned:<file>` gets (engine/backtest/policies.ts). */
export const learnedName = (file: string): string => `learned:${file}`;

/**
 * The lab's directors: `adaptive` (the regime matrix) and `learned:<file>` for each policy file
 * the request carries (its text, keyed by the name the plan text gives). A file is read once per
 * run; one that is not a policy, or one for other features, is refused naming the policy.
 */
export function labDirectors(files: Readonly<Record<string, string>>): DirectorProvider {
  const tables = new Map<string, QTable>();
  return (bars, name) => {
    if (name === 'adaptive') return adaptiveDirector(bars);
    if (name === 'learned')
      throw new BacktestError(
        'policies',
        'policies: "learned" needs a learned policy; add a plan with policy=learned:<file> (a file from exitplan learn policy --out) instead',
      );
    if (!name.startsWith('learned:'))
      throw new BacktestError('policies', `policies: "${name}" is not an exit director the lab knows`);
    const file = name.slice('learned:'.length);
    let table = tables.get(file);
    if (table === undefined) {
      const text = files[file];
      if (text === undefined)
        throw new BacktestError(
          'policies',
          `policies: policy=learned:${file} names a file the lab was not given; load it with "Policy file…" or give its URL`,
        );
      try {
        table = loadPolicyFile(text);
      } catch (e) {
        if (e instanceof MlError) throw new BacktestError('policies', `policies: ${file}: ${e.message}`);
        throw e;
      }
      tables.set(file, table);
    }
    return learnedDirector(bars, table);
  };
}

/** The policy files custom plans name (`policy=learned:<file>`), in order, once each. */
export function policyFilesNamed(custom: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of custom)
    for (const m of line.matchAll(/(?:^|;)\s*policy\s*=\s*learned:([^;\s]+)/gi))
      if (!out.includes(m[1])) out.push(m[1]);
  return out;
}
