import { PlanError } from '../errors.js';
import { PLAN_FIELDS as PLAN_FIELD_TABLE } from '../plan/fields.js';
import { parsePlan, type PlanText } from '../plan/parse.js';
import { csvCell, headerKey, parseCsv } from './csv.js';
import {
  JOURNAL_VERSION,
  type FillMarket,
  type ImportProblem,
  type Journal,
  type JournalFill,
  type JournalTrade,
} from './types.js';

/** The whole journal, every field kept (edits, notes and market snapshots included). */
export const journalToJson = (journal: Journal): string => JSON.stringify(journal, null, 2) + '\n';

/**
 * The plan columns come from the engine's one field table (engine/plan/fields.ts), in its order
 * (the order every form shows them): a field added to the text form becomes a column here
 * without a second list to keep in step. Reading goes by header name, so a file written before
 * the order changed (size before at) still reads.
 */
const planKeys = (): (keyof PlanText)[] => PLAN_FIELD_TABLE.map((f) => f.key);
const PLAN_FIELDS = /* @__PURE__ */ planKeys();
// Built in a pure function so a bundle that never exports a journal (the widget) drops it.
export const JOURNAL_CSV_COLUMNS: readonly string[] = /* @__PURE__ */ (() => [
  'trade_id',
  'symbol',
  'tags',
  'plan_time',
  ...PLAN_FIELDS.map((f) => `plan_${f}`),
  'fill_time',
  'fill_side',
  'fill_price',
  'fill_qty',
  'fill_fee',
  'fill_leg',
  // What the chart's models showed at the fill (schema 2), and the bars' regime: blank when not recorded.
  'fill_reversal_p',
  'fill_reversal_bar_time',
  'fill_policy_regime',
  'fill_regime',
])();

/** The model cells of a fill: blank for what was not recorded (never a made-up value). */
const modelCells = (f: JournalFill): (string | number)[] => [
  f.market?.reversal?.probability ?? '',
  f.market?.reversal?.barTime ?? '',
  f.market?.policyRegime ?? '',
  f.market?.regime ?? '',
];

/**
 * One row per fill (a trade without fills gets one row with the fill cells empty), the trade's
 * plan repeated on each row so any row can be read alone, with the reversal probability and
 * the regimes recorded at the fill. Edits, notes and the rest of the market snapshot (bar,
 * book, indicators) need the JSON export: a spreadsheet row has no room for them.
 */
export function journalToCsv(journal: Journal): string {
  const lines = [JOURNAL_CSV_COLUMNS.join(',')];
  for (const t of journal.trades) {
    const head = [t.id, t.symbol, t.tags.join(';'), t.planTime, ...PLAN_FIELDS.map((f) => t.plan[f] ?? '')];
    const fills: (JournalFill | null)[] = t.fills.length > 0 ? t.fills : [null];
    for (const f of fills) {
      const tail = f
        ? [f.time, f.side, f.price, f.size, f.fee, f.leg ?? '', ...modelCells(f)]
        : ['', '', '', '', '', '', '', '', '', ''];
      lines.push([...head, ...tail].map(csvCell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

export interface JournalCsvPreview {
  journal: Journal;
  problems: ImportProblem[];
}

/** Reads journalToCsv's output back; every unreadable cell is a problem naming its row and column. */
export function previewJournalCsv(text: string): JournalCsvPreview {
  const rows = parseCsv(text);
  const problems: ImportProblem[] = [];
  const trades = new Map<string, JournalTrade>();
  if (rows.length === 0)
    return {
      journal: { v: JOURNAL_VERSION, trades: [], unmatched: [] },
      problems: [{ row: 1, field: 'file', message: 'the file is empty' }],
    };
  const keys = rows[0].cells.map(headerKey);
  const missing = JOURNAL_CSV_COLUMNS.filter(
    (c) =>
      ['trade_id', 'symbol', 'plan_side', 'plan_entry', 'plan_stop'].includes(c) &&
      !keys.includes(headerKey(c)),
  );
  if (missing.length > 0) {
    problems.push({
      row: rows[0].line,
      field: 'header',
      message: `missing column(s) ${missing.join(', ')}; export the journal as CSV again`,
    });
    return { journal: { v: JOURNAL_VERSION, trades: [], unmatched: [] }, problems };
  }
  for (const { line, cells } of rows.slice(1)) {
    const get = (name: string): string => (cells[keys.indexOf(headerKey(name))] ?? '').trim();
    const id = get('trade_id');
    if (id === '') {
      problems.push({ row: line, field: 'trade_id', message: 'trade_id is empty; give the trade an id' });
      continue;
    }
    let trade = trades.get(id);
    if (!trade) {
      const plan: PlanText = { side: get('plan_side'), entry: get('plan_entry'), stop: get('plan_stop') };
      for (const f of PLAN_FIELDS)
        if (f !== 'side' && f !== 'entry' && f !== 'stop' && get(`plan_${f}`) !== '')
          plan[f] = get(`plan_${f}`);
      try {
        parsePlan(plan);
      } catch (error) {
        if (!(error instanceof PlanError)) throw error;
        problems.push({ row: line, field: `plan_${error.field}`, message: error.message });
        continue;
      }
      const planTime = Number(get('plan_time'));
      if (!Number.isFinite(planTime) || get('plan_time') === '') {
        problems.push({
          row: line,
          field: 'plan_time',
          message: `plan_time is "${get('plan_time')}"; give UNIX seconds`,
        });
        continue;
      }
      trade = {
        id,
        symbol: get('symbol'),
        plan,
        planTime,
        edits: [],
        fills: [],
        tags: get('tags') ? get('tags').split(';') : [],
      };
      trades.set(id, trade);
    }
    if (get('fill_time') === '' && get('fill_side') === '' && get('fill_price') === '') continue;
    const number = (name: string, positive: boolean): number => {
      const n = Number(get(name));
      if (get(name) === '' || !Number.isFinite(n) || n < 0 || (positive && n === 0)) {
        problems.push({
          row: line,
          field: name,
          message: `${name} is "${get(name)}"; give a number ${positive ? 'above 0' : 'of 0 or more'}`,
        });
        return NaN;
      }
      return n;
    };
    const side = get('fill_side').toLowerCase();
    if (side !== 'buy' && side !== 'sell')
      problems.push({
        row: line,
        field: 'fill_side',
        message: `fill_side is "${get('fill_side')}"; give buy or sell`,
      });
    const fill = {
      time: number('fill_time', false),
      price: number('fill_price', true),
      size: number('fill_qty', true),
      fee: number('fill_fee', false),
    };
    const market = readModelCells(get, line, problems);
    if ((side !== 'buy' && side !== 'sell') || Object.values(fill).some(Number.isNaN) || !market) continue;
    const leg = get('fill_leg');
    trade.fills.push({
      ...fill,
      side,
      ...(leg ? { leg } : {}),
      ...(Object.keys(market).length > 0 ? { market } : {}),
      source: 'journal-csv',
    });
  }
  return { journal: { v: JOURNAL_VERSION, trades: [...trades.values()], unmatched: [] }, problems };
}

/**
 * The model cells of a row back into a fill's market (a file written before schema 2 has none):
 * null with a problem naming the cell when one does not read.
 */
function readModelCells(
  get: (name: string) => string,
  row: number,
  problems: ImportProblem[],
): FillMarket | null {
  const market: FillMarket = {};
  const p = get('fill_reversal_p');
  const barTime = get('fill_reversal_bar_time');
  if (p !== '' || barTime !== '') {
    const probability = Number(p);
    const time = Number(barTime);
    if (p === '' || !Number.isFinite(probability) || probability < 0 || probability > 1) {
      problems.push({
        row,
        field: 'fill_reversal_p',
        message: `fill_reversal_p is "${p}"; give a probability from 0 to 1, or leave both reversal cells blank`,
      });
      return null;
    }
    if (barTime === '' || !Number.isFinite(time) || time < 0) {
      problems.push({
        row,
        field: 'fill_reversal_bar_time',
        message: `fill_reversal_bar_time is "${barTime}"; give the UNIX seconds of the bar the probability was scored at`,
      });
      return null;
    }
    market.reversal = { probability, barTime: time };
  }
  if (get('fill_policy_regime') !== '') market.policyRegime = get('fill_policy_regime');
  if (get('fill_regime') !== '') market.regime = get('fill_regime');
  return market;
}
