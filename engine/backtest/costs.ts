import { DEFAULT_ATR_PERIOD } from '../plan/defaults.js';
import { BacktestError } from './errors.js';
import type { CostSpec, SizingSpec, StressSpec } from './types.js';

export const NO_COSTS: CostSpec = {
  perUnit: 0,
  perFill: 0,
  bps: 0,
  slippageBps: 0,
  slippageAtr: 0,
  slippageAtrPeriod: DEFAULT_ATR_PERIOD,
};

const num = (text: string, field: string, token: string): number => {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0) {
    throw new BacktestError(
      field,
      `${field}: "${token}" needs a non-negative number after its prefix, e.g. "bps10"`,
    );
  }
  return v;
};

/**
 * Costs in compact form, comma-joined: `unit0.01` (commission per unit), `fill1` (per fill),
 * `bps5` (commission in basis points of notional), `slipbps2` (slippage in bps of price),
 * `slipatr0.1` or `slipatr0.1x20` (slippage as a fraction of ATR(14 or 20) through the fill bar). `none` or an
 * empty string means no costs. The same prefixes as the engine's plan fees, plus slippage.
 */
export function parseCosts(text: string): CostSpec {
  const costs: CostSpec = { ...NO_COSTS };
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return costs;
  for (const raw of trimmed.split(',')) {
    const token = raw.trim().toLowerCase();
    if (token.startsWith('slipbps')) costs.slippageBps = num(token.slice(7), 'costs', raw);
    else if (token.startsWith('slipatr')) {
      const [mult, period] = token.slice(7).split('x');
      costs.slippageAtr = num(mult, 'costs', raw);
      if (period !== undefined) costs.slippageAtrPeriod = Math.max(1, Math.round(num(period, 'costs', raw)));
    } else if (token.startsWith('unit')) costs.perUnit = num(token.slice(4), 'costs', raw);
    else if (token.startsWith('fill')) costs.perFill = num(token.slice(4), 'costs', raw);
    else if (token.startsWith('bps')) costs.bps = num(token.slice(3), 'costs', raw);
    else
      throw new BacktestError(
        'costs',
        `costs: unknown item "${raw.trim()}"; use unit<n>, fill<n>, bps<n>, slipbps<n> or slipatr<k>[x<period>]`,
      );
  }
  return costs;
}

/**
 * `units10` (fixed units per trade) or `risk1%` (units that risk 1% of equity down to the
 * initial stop), the latter with a notional cap: `risk1%` is at most 1x equity of notional,
 * `risk1%,lev2` 2x, `risk1%,levnone` uncapped (the lab before the cap).
 */
export function parseSizing(text: string): SizingSpec {
  const [head, ...rest] = text
    .trim()
    .toLowerCase()
    .split(',')
    .map((t) => t.trim());
  const units = /^units?(\d+(?:\.\d+)?)$/.exec(head);
  const fail = (why: string): never => {
    throw new BacktestError('sizing', `sizing: "${text}" ${why}`);
  };
  if (units && Number(units[1]) > 0 && Number.isFinite(Number(units[1]))) {
    if (rest.length > 0) fail('has a leverage cap, which applies to risk sizing only; use units<n> alone');
    return { kind: 'units', units: Number(units[1]) };
  }
  const risk = /^risk(\d+(?:\.\d+)?)%$/.exec(head);
  if (risk && Number(risk[1]) > 0 && Number(risk[1]) <= 100) {
    const spec: SizingSpec = { kind: 'risk', fraction: Number(risk[1]) / 100, maxLeverage: 1 };
    if (rest.length > 1) fail('has more than one leverage cap; give one, e.g. risk1%,lev2');
    if (rest.length === 1) {
      const lev = /^lev(\d+(?:\.\d+)?|none)$/.exec(rest[0]);
      const value = lev && lev[1] !== 'none' ? Number(lev[1]) : null;
      if (!lev || (value !== null && !(value > 0 && value <= 1000)))
        fail(
          `has "${rest[0]}" where a leverage cap goes; write lev<n> with n above 0 and at most 1000 (lev2: 2x equity), or levnone`,
        );
      if (value === null) delete spec.maxLeverage;
      else spec.maxLeverage = value;
    }
    return spec;
  }
  return fail('is not a sizing; use units<n> (e.g. units10) or risk<p>%[,lev<n>] (e.g. risk1%, risk1%,lev2)');
}

/** `gap1.5,p0.02,seed7[,atr14]`: gaps of 1.5 ATR against the position on 2% of trade bars. */
export function parseStress(text: string): StressSpec {
  const stress: StressSpec = { atrMultiple: 1, probability: 0.01, seed: 1, atrPeriod: DEFAULT_ATR_PERIOD };
  for (const raw of text.split(',')) {
    const token = raw.trim().toLowerCase();
    if (token.startsWith('gap')) stress.atrMultiple = num(token.slice(3), 'stress', raw);
    else if (token.startsWith('seed')) stress.seed = Math.round(num(token.slice(4), 'stress', raw));
    else if (token.startsWith('atr'))
      stress.atrPeriod = Math.max(1, Math.round(num(token.slice(3), 'stress', raw)));
    else if (token.startsWith('p')) {
      stress.probability = num(token.slice(1), 'stress', raw);
      if (stress.probability > 1)
        throw new BacktestError('stress', `stress: "${raw}" is a probability, 0..1`);
    } else
      throw new BacktestError(
        'stress',
        `stress: unknown item "${raw.trim()}"; use gap<k>, p<probability>, seed<n>, atr<period>`,
      );
  }
  return stress;
}

/** Commission for one fill of `units` at `price`. */
export function commission(costs: CostSpec, price: number, units: number): number {
  return costs.perFill + costs.perUnit * units + (costs.bps / 10_000) * price * units;
}
