import { expect } from 'vitest';
import { PlanError } from '../../../engine/index.js';

/** The PlanError `fn` throws, for a test to read its field, message and position; any other outcome fails. */
export function refusal(fn: () => unknown): PlanError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PlanError);
    return error as PlanError;
  }
  throw new Error('expected a PlanError');
}
