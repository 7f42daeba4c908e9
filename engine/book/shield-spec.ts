import { PlanError } from '../errors.js';

/**
 * The four shields' settings and their text form. Each field reads left to right and a mistake
 * is a PlanError naming the field and the character where reading stopped (as the plan's own
 * fields do), e.g. `imbalance0.6x20,take50`, `liquidity70%@60s`, `corr12:0.2>0.9@6`,
 * `entropy3x48>0.98,tighten`. `none` (or an empty text) turns a shield off.
 */

/** Level-1 imbalance against the position for `updates` book updates in a row. */
export interface ImbalanceSpec {
  /** A long exits on imbalance <= -threshold, a short on >= +threshold (0 < threshold <= 1). */
  threshold: number;
  /** Consecutive book updates the imbalance must hold there. */
  updates: number;
  /** Percent of the original position taken when it fires (100: all). */
  takeShare: number;
}

/** The exit side's top-of-book size falls `dropPercent` below its median over `windowSeconds`. */
export interface LiquiditySpec {
  dropPercent: number;
  windowSeconds: number;
  /** The drop must last this long before it fires, ms (0: at once). A level-1 touch flickers. */
  holdMs: number;
}

/** Rolling correlation of returns with a benchmark's jumps from below `from` to above `to`. */
export interface CorrelationSpec {
  /** Returns (bars) in the correlation window. */
  window: number;
  from: number;
  to: number;
  /** The jump must happen within this many bars. */
  within: number;
}

/** Permutation entropy of the last `window` returns, patterns of `order` returns, normalised to 0..1. */
export interface EntropySpec {
  order: number;
  window: number;
  threshold: number;
  /** `close`: exit all at the bar's close; `tighten`: move the stop to that close. */
  action: 'close' | 'tighten';
}

export const DEFAULT_IMBALANCE: ImbalanceSpec = { threshold: 0.6, updates: 20, takeShare: 100 };
export const DEFAULT_LIQUIDITY: LiquiditySpec = { dropPercent: 70, windowSeconds: 60, holdMs: 0 };
export const DEFAULT_CORRELATION: CorrelationSpec = { window: 12, from: 0.2, to: 0.9, within: 6 };
export const DEFAULT_ENTROPY: EntropySpec = { order: 3, window: 48, threshold: 0.98, action: 'close' };

const NONE = /^\s*(none|off|no|-)?\s*$/i;

/** Reads one field's text left to right; every error names the field and the character. */
class Cursor {
  private at = 0;
  constructor(
    private readonly field: string,
    private readonly text: string,
    private readonly example: string,
  ) {}

  fail(what: string): never {
    const shown =
      this.at < this.text.length ? `"${this.text[this.at]}" at character ${this.at + 1}` : 'the end';
    throw new PlanError(
      this.field,
      `${this.field}: expected ${what} at ${shown} of "${this.text}"; write e.g. "${this.example}"`,
      this.at,
    );
  }

  done(): boolean {
    return this.at >= this.text.length;
  }

  /** Consumes `word` when it comes next. */
  take(word: string): boolean {
    if (this.text.startsWith(word, this.at)) {
      this.at += word.length;
      return true;
    }
    return false;
  }

  expect(word: string): void {
    if (!this.take(word)) this.fail(`"${word}"`);
  }

  number(what: string): number {
    const m = /^(\d+(?:\.\d+)?|\.\d+)/.exec(this.text.slice(this.at));
    if (!m) this.fail(what);
    this.at += m[0].length;
    return Number(m[0]);
  }

  wholeNumber(what: string, min: number, max: number): number {
    const start = this.at;
    const m = /^\d+/.exec(this.text.slice(this.at));
    if (!m) this.fail(what);
    const n = Number(m[0]);
    if (n < min || n > max) {
      throw new PlanError(
        this.field,
        `${this.field}: ${what} must be ${min} to ${max}, got ${n} at character ${start + 1} of "${this.text}"`,
        start,
      );
    }
    this.at += m[0].length;
    return n;
  }

  /** A number inside (lo, hi] (or [lo, hi] with `closed`), else an error naming its position. */
  bounded(what: string, lo: number, hi: number, closed = false): number {
    const start = this.at;
    const x = this.number(what);
    if (!(closed ? x >= lo : x > lo) || !(x <= hi)) {
      throw new PlanError(
        this.field,
        `${this.field}: ${what} must be ${closed ? 'from' : 'above'} ${lo} ${closed ? 'to' : 'and at most'} ${hi}, got ${x} at character ${start + 1} of "${this.text}"`,
        start,
      );
    }
    return x;
  }
}

const clean = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, '');

/** `imbalance0.6x20[,take50|,all]`: threshold, updates in a row, share taken (default all). */
export function parseImbalance(text: string | undefined): ImbalanceSpec | null {
  if (text === undefined || NONE.test(text)) return null;
  const c = new Cursor('imbalance', clean(text), 'imbalance0.6x20,take50');
  c.take('imbalance');
  const spec = { ...DEFAULT_IMBALANCE };
  spec.threshold = c.bounded('the threshold (0 to 1)', 0, 1);
  if (c.take('x')) spec.updates = c.wholeNumber('the count of updates in a row', 1, 100_000);
  if (c.take(',')) {
    if (c.take('all')) spec.takeShare = 100;
    else {
      c.expect('take');
      spec.takeShare = c.bounded('the share to take, percent', 0, 100);
      c.take('%');
    }
  }
  if (!c.done()) c.fail('",take<percent>" or the end');
  return spec;
}

/** `liquidity70%@60s[,for2s]` (or `@2m`): depth this far below its median over the window (for this long). */
export function parseLiquidity(text: string | undefined): LiquiditySpec | null {
  if (text === undefined || NONE.test(text)) return null;
  const c = new Cursor('liquidity', clean(text), 'liquidity70%@60s');
  c.take('liquidity');
  const spec = { ...DEFAULT_LIQUIDITY };
  spec.dropPercent = c.bounded('the drop below the median, percent', 0, 99.99);
  c.take('%');
  if (c.take('@')) {
    const n = c.number('the median window (e.g. 60s or 2m)');
    if (c.take('m')) spec.windowSeconds = n * 60;
    else {
      c.take('s');
      spec.windowSeconds = n;
    }
    if (!(spec.windowSeconds >= 1)) c.fail('a window of at least 1 s');
  }
  if (c.take(',')) {
    c.expect('for');
    const n = c.number('how long the drop must last (e.g. 2s or 500ms)');
    if (c.take('ms')) spec.holdMs = n;
    else {
      c.take('s');
      spec.holdMs = n * 1000;
    }
  }
  if (!c.done()) c.fail('"@<seconds>s", ",for<seconds>s" or the end');
  return spec;
}

/** `corr12:0.2>0.9[@6]`: window in bars, from below 0.2 to above 0.9, within 6 bars (default: the window). */
export function parseCorrelation(text: string | undefined): CorrelationSpec | null {
  if (text === undefined || NONE.test(text)) return null;
  const c = new Cursor('correlation', clean(text), 'corr12:0.2>0.9@6');
  if (!c.take('correlation')) c.take('corr');
  const spec = { ...DEFAULT_CORRELATION };
  spec.window = c.wholeNumber('the window in bars', 3, 10_000);
  spec.within = spec.window;
  if (c.take(':')) {
    spec.from = c.bounded('the low correlation', -1, 1, true);
    c.expect('>');
    spec.to = c.bounded('the high correlation', -1, 1, true);
    if (!(spec.to > spec.from)) c.fail(`a high correlation above the low ${spec.from}`);
  }
  if (c.take('@')) spec.within = c.wholeNumber('the bars the jump must happen within', 1, 10_000);
  if (!c.done()) c.fail('":<low>><high>", "@<bars>" or the end');
  return spec;
}

/** `entropy3x48>0.98[,close|,tighten]`: pattern order, window in returns, threshold 0..1. */
export function parseEntropy(text: string | undefined): EntropySpec | null {
  if (text === undefined || NONE.test(text)) return null;
  const c = new Cursor('entropy', clean(text), 'entropy3x48>0.98,close');
  c.take('entropy');
  const spec = { ...DEFAULT_ENTROPY };
  spec.order = c.wholeNumber('the pattern order', 2, 6);
  if (c.take('x')) spec.window = c.wholeNumber('the window in returns', spec.order + 1, 100_000);
  if (c.take('>')) spec.threshold = c.bounded('the threshold (0 to 1)', 0, 1);
  if (c.take(',')) {
    if (c.take('close')) spec.action = 'close';
    else if (c.take('tighten')) spec.action = 'tighten';
    else c.fail('"close" or "tighten"');
  }
  if (!c.done()) c.fail('">threshold", ",close", ",tighten" or the end');
  return spec;
}

export const formatImbalance = (s: ImbalanceSpec): string =>
  `imbalance${s.threshold}x${s.updates}${s.takeShare === 100 ? '' : `,take${s.takeShare}`}`;
export const formatLiquidity = (s: LiquiditySpec): string =>
  `liquidity${s.dropPercent}%@${s.windowSeconds}s${s.holdMs > 0 ? `,for${s.holdMs}ms` : ''}`;
export const formatCorrelation = (s: CorrelationSpec): string =>
  `corr${s.window}:${s.from}>${s.to}@${s.within}`;
export const formatEntropy = (s: EntropySpec): string =>
  `entropy${s.order}x${s.window}>${s.threshold},${s.action}`;
