import { PlanError } from '../errors.js';
import { parseTime } from '../plan/parse.js';
import { headerKey, parseCsv, type CsvRow } from './csv.js';
import type { FillSide, ImportedFill, ImportProblem } from './types.js';

export type ImportFormat = 'binance-spot' | 'tradingview' | 'plain-csv';

/** What an import would add: nothing is written until commitImport (match.ts) is called with it. */
export interface ImportPreview {
  format: ImportFormat;
  fills: ImportedFill[];
  /** Rows that cannot be read, each naming the row, the field and the fix. */
  problems: ImportProblem[];
  /** Rows read but worth a look (a fee in a third asset, an open TradingView trade). */
  warnings: ImportProblem[];
}

export interface ImportOptions {
  format?: ImportFormat;
  /** Symbol for files that carry none (TradingView, a plain CSV without the column). */
  symbol?: string;
}

/** Quote assets Binance lists pairs in, longest first so "FDUSD" wins over "USD"-like tails. */
const QUOTES = [
  'FDUSD',
  'USDT',
  'USDC',
  'BUSD',
  'TUSD',
  'DAI',
  'BTC',
  'ETH',
  'BNB',
  'EUR',
  'TRY',
  'BRL',
  'GBP',
];

interface Sink {
  fills: ImportedFill[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

const problem = (row: number, field: string, message: string): ImportProblem => ({ row, field, message });

function readTime(sink: Sink, row: number, field: string, cell: string | undefined): number {
  const text = (cell ?? '').trim();
  if (text === '') {
    sink.problems.push(problem(row, field, `${field} is empty; give UNIX seconds or an ISO date`));
    return NaN;
  }
  try {
    return parseTime(field, text);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    sink.problems.push(
      problem(row, field, `cannot read the time "${text}"; give UNIX seconds or an ISO date`),
    );
    return NaN;
  }
}

/** A number >= 0 (> 0 when `positive`); "1,234.5" thousands separators are accepted. */
function readNumber(
  sink: Sink,
  row: number,
  field: string,
  cell: string | undefined,
  positive: boolean,
): number {
  const text = (cell ?? '').trim().replace(/,/g, '');
  const n = text === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n < 0 || (positive && n === 0)) {
    const want = positive ? 'a number above 0' : 'a number of 0 or more';
    sink.problems.push(problem(row, field, `${field} is "${(cell ?? '').trim()}"; give ${want}`));
    return NaN;
  }
  return n;
}

function readSide(sink: Sink, row: number, field: string, cell: string | undefined): FillSide | null {
  const s = (cell ?? '').trim().toLowerCase();
  if (s === 'buy' || s === 'sell') return s;
  sink.problems.push(problem(row, field, `${field} is "${(cell ?? '').trim()}"; give buy or sell`));
  return null;
}

/** Index of the first header whose loose key is one of `names`, or -1. */
function column(header: string[], ...names: string[]): number {
  const keys = header.map(headerKey);
  for (const name of names) {
    const i = keys.indexOf(headerKey(name));
    if (i >= 0) return i;
  }
  return -1;
}

/** Index of the first header whose loose key starts with `prefix` (TradingView suffixes the currency). */
const columnStarting = (header: string[], prefix: string): number =>
  header.findIndex((h) => headerKey(h).startsWith(headerKey(prefix)));

/** "0.00100000BTC" or "0.001 BTC" -> [0.001, "BTC"]; a bare number has no asset. */
function amountWithAsset(cell: string | undefined): [string, string] {
  // An exponent only when digits follow it: "1.00000000ETH" is 1 ETH, not 1e(TH).
  const m = /^\s*([-+]?[0-9][0-9.,]*(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z][A-Za-z0-9]*)?\s*$/.exec(cell ?? '');
  return m ? [m[1], (m[2] ?? '').toUpperCase()] : [cell ?? '', ''];
}

function importBinance(rows: CsvRow[], sink: Sink): void {
  const h = rows[0].cells;
  const col = {
    time: column(h, 'Date(UTC)', 'Date'),
    pair: column(h, 'Pair', 'Symbol', 'Market'),
    side: column(h, 'Side', 'Type'),
    price: column(h, 'Price'),
    executed: column(h, 'Executed', 'Quantity'),
    fee: column(h, 'Fee'),
    feeCoin: column(h, 'Fee Coin', 'Fee Asset'),
  };
  for (const { line, cells } of rows.slice(1)) {
    const time = readTime(sink, line, 'Date(UTC)', cells[col.time]);
    const pair = (cells[col.pair] ?? '').trim().toUpperCase();
    if (pair === '')
      sink.problems.push(problem(line, 'Pair', 'Pair is empty; give the traded pair, e.g. BTCUSDT'));
    const side = readSide(sink, line, 'Side', cells[col.side]);
    const price = readNumber(sink, line, 'Price', cells[col.price], true);
    const [qtyText, base] = amountWithAsset(cells[col.executed]);
    const size = readNumber(sink, line, 'Executed', qtyText, true);
    const [feeText, feeSuffix] = amountWithAsset(cells[col.fee]);
    const feeAmount = readNumber(sink, line, 'Fee', feeText, false);
    const feeAsset = (col.feeCoin >= 0 ? (cells[col.feeCoin] ?? '').trim().toUpperCase() : '') || feeSuffix;
    if (!Number.isFinite(time) || side === null || pair === '' || [price, size, feeAmount].some(Number.isNaN))
      continue;
    const quote =
      base && pair.startsWith(base) ? pair.slice(base.length) : QUOTES.find((q) => pair.endsWith(q));
    const baseAsset = base || (quote ? pair.slice(0, pair.length - quote.length) : '');
    let fee = 0;
    let feeOther: ImportedFill['feeOther'];
    if (feeAsset === '' || feeAsset === quote) fee = feeAmount;
    else if (feeAsset === baseAsset) fee = feeAmount * price;
    else {
      feeOther = { amount: feeAmount, asset: feeAsset };
      sink.warnings.push(
        problem(
          line,
          'Fee',
          `fee paid in ${feeAsset}: kept as is, not counted in the trade's cost in ${quote ?? 'quote'}`,
        ),
      );
    }
    sink.fills.push({
      row: line,
      time,
      side,
      price,
      size,
      fee,
      symbol: pair,
      source: 'binance-spot',
      feeOther,
    });
  }
}

function importTradingView(rows: CsvRow[], sink: Sink, symbol: string | undefined): void {
  const h = rows[0].cells;
  const col = {
    trade: column(h, 'Trade #', 'Trade number'),
    type: column(h, 'Type'),
    signal: column(h, 'Signal'),
    time: column(h, 'Date/Time', 'Date and time'),
    price: columnStarting(h, 'Price'),
    size: column(h, 'Contracts', 'Size (qty)', 'Quantity', 'Qty'),
    fee: columnStarting(h, 'Commission'),
  };
  for (const { line, cells } of rows.slice(1)) {
    const type = (cells[col.type] ?? '').trim().toLowerCase();
    const m = /^(entry|exit)\s+(long|short)$/.exec(type);
    if (!m) {
      sink.problems.push(
        problem(
          line,
          'Type',
          `Type is "${cells[col.type] ?? ''}"; expected Entry long, Exit long, Entry short or Exit short`,
        ),
      );
      continue;
    }
    const ref = (cells[col.trade] ?? '').trim();
    const signal = col.signal >= 0 ? (cells[col.signal] ?? '').trim() : '';
    if (m[1] === 'exit' && signal.toLowerCase() === 'open') {
      // TradingView lists a still-open trade with an "Exit" row at the last price: no fill happened.
      sink.warnings.push(
        problem(
          line,
          'Signal',
          `trade ${ref} is still open in TradingView: its exit row is the last price, not a fill; left out`,
        ),
      );
      continue;
    }
    const buys = (m[1] === 'entry') === (m[2] === 'long');
    const time = readTime(sink, line, 'Date/Time', cells[col.time]);
    const price = readNumber(sink, line, 'Price', cells[col.price], true);
    const size = readNumber(sink, line, 'Contracts', cells[col.size], true);
    const fee =
      col.fee >= 0 && (cells[col.fee] ?? '').trim() !== ''
        ? readNumber(sink, line, 'Commission', cells[col.fee], false)
        : 0;
    if (!Number.isFinite(time) || [price, size, fee].some(Number.isNaN)) continue;
    const leg = m[1] === 'entry' ? 'entry' : undefined;
    sink.fills.push({
      row: line,
      time,
      side: buys ? 'buy' : 'sell',
      price,
      size,
      fee,
      symbol,
      leg,
      ref,
      source: 'tradingview',
    });
  }
}

const PLAIN_COLUMNS = ['time', 'side', 'price', 'qty', 'fee', 'symbol'] as const;

function importPlain(rows: CsvRow[], sink: Sink, symbol: string | undefined): void {
  const hasHeader = headerKey(rows[0].cells[0] ?? '') === 'time';
  const h = hasHeader ? rows[0].cells : [...PLAIN_COLUMNS];
  const col = Object.fromEntries(
    PLAIN_COLUMNS.map((name) => [name, column(h, name, name === 'qty' ? 'size' : name)]),
  );
  for (const { line, cells } of hasHeader ? rows.slice(1) : rows) {
    const time = readTime(sink, line, 'time', cells[col.time]);
    const side = readSide(sink, line, 'side', cells[col.side]);
    const price = readNumber(sink, line, 'price', cells[col.price], true);
    const size = readNumber(sink, line, 'qty', cells[col.qty], true);
    const fee = readNumber(sink, line, 'fee', cells[col.fee], false);
    const own = col.symbol >= 0 ? (cells[col.symbol] ?? '').trim() : '';
    if (!Number.isFinite(time) || side === null || [price, size, fee].some(Number.isNaN)) continue;
    sink.fills.push({ row: line, time, side, price, size, fee, symbol: own || symbol, source: 'plain-csv' });
  }
}

/** Which exporter wrote this header. */
export function detectFormat(header: string[]): ImportFormat | null {
  const keys = new Set(header.map(headerKey));
  if (keys.has('executed') && (keys.has('pair') || keys.has('dateutc'))) return 'binance-spot';
  if (keys.has('type') && (keys.has('trade#') || keys.has('tradenumber'))) return 'tradingview';
  if (keys.has('time') && keys.has('side') && keys.has('price')) return 'plain-csv';
  // A plain CSV without a header: a time, then buy/sell.
  if (/^(buy|sell)$/i.test((header[1] ?? '').trim())) return 'plain-csv';
  return null;
}

/** Reads an export into fills and problems; writes nothing (see commitImport). */
export function previewImport(text: string, options: ImportOptions = {}): ImportPreview {
  const rows = parseCsv(text);
  const sink: Sink = { fills: [], problems: [], warnings: [] };
  if (rows.length === 0) {
    sink.problems.push(problem(1, 'file', 'the file is empty; export the trade history again'));
    return { format: options.format ?? 'plain-csv', ...sink };
  }
  const format = options.format ?? detectFormat(rows[0].cells);
  if (format === null) {
    sink.problems.push(
      problem(
        rows[0].line,
        'header',
        `cannot tell which export this is from the header "${rows[0].cells.join(',')}"; use Binance Spot trade history, TradingView's List of trades, or time,side,price,qty,fee[,symbol]`,
      ),
    );
    return { format: 'plain-csv', ...sink };
  }
  if (format === 'binance-spot') importBinance(rows, sink);
  else if (format === 'tradingview') importTradingView(rows, sink, options.symbol);
  else importPlain(rows, sink, options.symbol);
  sink.fills.sort((a, b) => a.time - b.time || a.row - b.row);
  return { format, ...sink };
}
