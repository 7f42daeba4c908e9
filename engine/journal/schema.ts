import { PlanError } from '../errors.js';
import { parsePlan, type PlanText } from '../plan/parse.js';
import {
  JOURNAL_VERSION,
  type ImportedFill,
  type Journal,
  type JournalFill,
  type JournalTrade,
} from './types.js';

/** A journal that cannot be read: `path` names the field (e.g. "trades[2].fills[0].price"). */
export class JournalError extends Error {
  override readonly name = 'JournalError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(o: Obj, key: string, path: string, min: number, inclusive: boolean): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (!inclusive && v === min))
    throw new JournalError(
      `${path}.${key}`,
      `is ${JSON.stringify(v)}; give a number ${inclusive ? '>=' : '>'} ${min}`,
    );
  return v;
}

function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '')
    throw new JournalError(`${path}.${key}`, `is ${JSON.stringify(v)}; give a text`);
  return v;
}

const optional = <T>(o: Obj, key: string, read: () => T): T | undefined =>
  o[key] === undefined ? undefined : read();

/** Plan text fields, each of the type the engine reads; the plan must parse. */
function readPlanText(v: unknown, path: string): PlanText {
  if (!isObj(v)) throw new JournalError(path, 'is not a plan object');
  const text: PlanText = { side: str(v, 'side', path), entry: 0, stop: str(v, 'stop', path) };
  if (typeof v.entry !== 'number' && typeof v.entry !== 'string')
    throw new JournalError(`${path}.entry`, 'is missing; give the planned entry price');
  text.entry = v.entry;
  for (const key of ['ladder', 'trail', 'breakeven', 'exhaustion', 'decay', 'fees', 'swing'] as const) {
    const value = v[key];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new JournalError(`${path}.${key}`, `is ${typeof value}; give the plan's text form`);
    text[key] = value;
  }
  for (const key of ['size', 'at'] as const) {
    const value = v[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new JournalError(`${path}.${key}`, `is ${typeof value}; give a number or a text`);
    text[key] = value;
  }
  try {
    parsePlan(text);
  } catch (error) {
    if (error instanceof PlanError) throw new JournalError(path, error.message);
    throw error;
  }
  return text;
}

/**
 * The schema 2 fields of a fill's market (what the chart's models showed), checked; every other
 * market field is kept as it was read.
 */
function readMarketModels(v: unknown, path: string): void {
  if (v === undefined) return;
  if (!isObj(v)) throw new JournalError(path, 'is not a market object');
  const reversal = v.reversal;
  if (reversal !== undefined) {
    const p = `${path}.reversal`;
    if (!isObj(reversal)) throw new JournalError(p, 'is not an object; give { probability, barTime }');
    const probability = num(reversal, 'probability', p, 0, true);
    if (probability > 1)
      throw new JournalError(`${p}.probability`, `is ${probability}; give a probability from 0 to 1`);
    num(reversal, 'barTime', p, 0, true);
  }
  optional(v, 'policyRegime', () => str(v, 'policyRegime', path));
}

function readFill(v: unknown, path: string): JournalFill {
  if (!isObj(v)) throw new JournalError(path, 'is not a fill object');
  const side = v.side;
  if (side !== 'buy' && side !== 'sell')
    throw new JournalError(`${path}.side`, `is ${JSON.stringify(side)}; give buy or sell`);
  readMarketModels(v.market, `${path}.market`);
  // Extra fields (market snapshot, source, references) are kept as they are: never lose data.
  return {
    ...(v as Partial<JournalFill>),
    time: num(v, 'time', path, 0, true),
    side,
    price: num(v, 'price', path, 0, false),
    size: num(v, 'size', path, 0, false),
    fee: num(v, 'fee', path, 0, true),
    leg: optional(v, 'leg', () => str(v, 'leg', path)),
  };
}

function readTrade(v: unknown, path: string): JournalTrade {
  if (!isObj(v)) throw new JournalError(path, 'is not a trade object');
  const list = (key: string): unknown[] => {
    const items = v[key] ?? [];
    if (!Array.isArray(items)) throw new JournalError(`${path}.${key}`, 'is not a list');
    return items;
  };
  return {
    id: str(v, 'id', path),
    symbol: str(v, 'symbol', path),
    plan: readPlanText(v.plan, `${path}.plan`),
    planTime: num(v, 'planTime', path, 0, true),
    edits: list('edits').map((e, i) => {
      const p = `${path}.edits[${i}]`;
      if (!isObj(e)) throw new JournalError(p, 'is not an edit object');
      return {
        time: num(e, 'time', p, 0, true),
        text: readPlanText(e.text, `${p}.text`),
        note: optional(e, 'note', () => str(e, 'note', p)),
      };
    }),
    fills: list('fills').map((f, i) => readFill(f, `${path}.fills[${i}]`)),
    tags: list('tags').map((t, i) => {
      if (typeof t !== 'string') throw new JournalError(`${path}.tags[${i}]`, 'is not a text');
      return t;
    }),
    notes: optional(v, 'notes', () => str(v, 'notes', path)),
  };
}

/** A saved plan record as the extension stores it today (schema 2: one `plan:<symbol>` key each). */
const isPlanRecord = (v: unknown): v is Obj =>
  isObj(v) && v.v === 2 && typeof v.symbol === 'string' && isObj(v.text);

/** Plan records become journal trades with no fills yet: the plan as it stood, when it was saved. */
function fromPlanRecords(records: Obj[], path: string): Journal {
  const trades = records.map((r, i): JournalTrade => {
    const p = `${path}[${i}]`;
    const updatedAt = num(r, 'updatedAt', p, 0, true);
    const symbol = str(r, 'symbol', p);
    return {
      id: `plan:${symbol}:${updatedAt}`,
      symbol,
      plan: readPlanText(r.text, `${p}.text`),
      planTime: Math.floor(updatedAt / 1000),
      edits: [],
      fills: [],
      tags: [],
    };
  });
  return { v: JOURNAL_VERSION, trades, unmatched: [] };
}

/**
 * Reads any journal this product ever wrote, and today's plan records, into the current schema.
 * Accepted: a journal { v: 2, trades, unmatched }; one of version 1 (read unchanged: version 2
 * only added optional fields, the chart's models at a fill); one plan record { v: 2, symbol, text,
 * updatedAt }; a list of them; or a storage dump whose `plan:<symbol>` keys hold them.
 * Anything else is a JournalError naming the field.
 */
export function migrateJournal(raw: unknown): Journal {
  if (isPlanRecord(raw)) return fromPlanRecords([raw], 'record');
  if (Array.isArray(raw) && raw.length > 0 && raw.every(isPlanRecord))
    return fromPlanRecords(raw as Obj[], 'records');
  if (isObj(raw) && raw.v === undefined && Object.keys(raw).some((k) => k.startsWith('plan:'))) {
    const keys = Object.keys(raw)
      .filter((k) => k.startsWith('plan:'))
      .sort();
    const records = keys.map((k) => {
      if (!isPlanRecord(raw[k]))
        throw new JournalError(k, 'is not a saved plan record (v 2, symbol, text, updatedAt)');
      return raw[k] as Obj;
    });
    return fromPlanRecords(records, 'plans');
  }
  if (!isObj(raw))
    throw new JournalError('journal', 'is not an object; give a journal export or saved plan records');
  if (raw.v !== JOURNAL_VERSION && raw.v !== 1)
    throw new JournalError(
      'v',
      `journal version ${JSON.stringify(raw.v)} is not one this version reads (1 to ${JOURNAL_VERSION}); update exitplan`,
    );
  // Version 1 -> 2 adds optional fields only: every trade and fill is read as it was written.
  return validateJournal(raw);
}

/** Checks a current-version journal field by field. */
export function validateJournal(raw: Obj): Journal {
  if (!Array.isArray(raw.trades)) throw new JournalError('trades', 'is not a list');
  const trades = raw.trades.map((t, i) => readTrade(t, `trades[${i}]`));
  const seen = new Set<string>();
  for (const [i, t] of trades.entries()) {
    if (seen.has(t.id))
      throw new JournalError(`trades[${i}].id`, `"${t.id}" is used twice; give each trade its own id`);
    seen.add(t.id);
  }
  const unmatchedRaw = raw.unmatched ?? [];
  if (!Array.isArray(unmatchedRaw)) throw new JournalError('unmatched', 'is not a list');
  const unmatched = unmatchedRaw.map((f, i): ImportedFill => {
    const fill = readFill(f, `unmatched[${i}]`);
    const o = f as Obj;
    return {
      ...fill,
      row: typeof o.row === 'number' ? o.row : 0,
      symbol: typeof o.symbol === 'string' ? o.symbol : undefined,
    };
  });
  return { v: JOURNAL_VERSION, trades, unmatched };
}

/** Parses a journal JSON export (or saved plan records) into the current schema. */
export function parseJournalJson(text: string): Journal {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new JournalError('json', `${(error as Error).message}; the file is not JSON`);
  }
  return migrateJournal(raw);
}
