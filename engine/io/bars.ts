import { BarsError } from '../errors.js';
import type { Bar } from '../types.js';

/**
 * Bars in: CSV (with or without a header, comma/semicolon/tab separated, times in seconds,
 * milliseconds or ISO dates, the usual column names) and JSON (arrays of objects or of
 * [time, open, high, low, close, volume] rows, as exchanges send klines). Every problem is a
 * BarsError naming the row and the field; gaps in time (weekends, halts) are data, not errors.
 */

const COLUMN_NAMES: Record<keyof Bar, string[]> = {
  time: [
    'time',
    'timestamp',
    'date',
    'datetime',
    'open_time',
    'opentime',
    'ts',
    'unix',
    'timestamp_utc',
    't',
    'gmt time',
    'local time',
  ],
  open: ['open', 'o', 'open_price', 'openprice'],
  high: ['high', 'h', 'high_price', 'highprice', 'max'],
  low: ['low', 'l', 'low_price', 'lowprice', 'min'],
  close: ['close', 'c', 'close_price', 'closeprice', 'last', 'adj close', 'price'],
  volume: ['volume', 'v', 'vol', 'volume_btc', 'base_volume', 'qty', 'quantity'],
};

type Field = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** UNIX seconds from a cell: seconds, milliseconds (> 1e11), or a date/time string (UTC unless it says otherwise). */
export function parseTimeCell(cell: string): number {
  const text = cell.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return n > 1e11 ? n / 1000 : n;
  }
  if (text === '') return NaN;
  const iso =
    /^\d{4}-\d{2}-\d{2}[ T]\d/.test(text) && !/[zZ]|[+-]\d\d:?\d\d$/.test(text)
      ? `${text.replace(' ', 'T')}Z`
      : text;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : iso;
  const ms = Date.parse(dateOnly);
  return Number.isFinite(ms) ? ms / 1000 : NaN;
}

function splitLine(line: string, separator: string): string[] {
  if (!line.includes('"')) return line.split(separator);
  // Quoted cells (some exports quote every field, or use thousands separators inside quotes).
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === separator && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function detectSeparator(line: string): string {
  const counts = [',', ';', '\t'].map((s) => [s, line.split(s).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 1 ? counts[0][0] : ',';
}

/** Reads CSV text into bars, validated (see validateBars). */
export function parseBarsCsv(text: string): Bar[] {
  if (typeof text !== 'string') throw new BarsError(0, '', 'expected CSV text');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (first === lines.length) {
    throw new BarsError(0, '', 'the file is empty: expected CSV rows of time,open,high,low,close[,volume]');
  }
  const separator = detectSeparator(lines[first]);
  const headerCells = splitLine(lines[first], separator).map((c) =>
    c.trim().toLowerCase().replace(/^"|"$/g, ''),
  );
  const hasHeader = headerCells.some(
    (c) => c !== '' && !/^[-+]?[\d.]+(e[-+]?\d+)?$/i.test(c) && Number.isNaN(parseTimeCell(c)),
  );
  let index: Record<Field, number>;
  if (hasHeader) {
    const find = (field: keyof Bar): number => headerCells.findIndex((c) => COLUMN_NAMES[field].includes(c));
    index = {
      time: find('time'),
      open: find('open'),
      high: find('high'),
      low: find('low'),
      close: find('close'),
      volume: find('volume'),
    };
    for (const field of ['time', 'open', 'high', 'low', 'close'] as const) {
      if (index[field] < 0) {
        throw new BarsError(
          first + 1,
          field,
          `row ${first + 1}: the header has no "${field}" column (found: ${headerCells.join(', ')}); name the columns time,open,high,low,close[,volume]`,
        );
      }
    }
  } else {
    index = { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 };
  }
  const bars: Bar[] = [];
  for (let i = hasHeader ? first + 1 : first; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const row = i + 1;
    const cells = splitLine(line, separator);
    const value = (field: Field): number => {
      const at = index[field];
      const cell = at >= 0 ? cells[at] : undefined;
      if (cell === undefined) {
        if (field === 'volume') return NaN;
        throw new BarsError(
          row,
          field,
          `row ${row}: missing the ${field} cell (expected ${at + 1} or more cells, got ${cells.length})`,
        );
      }
      if (field === 'time') return parseTimeCell(cell);
      const trimmed = cell.trim();
      if (trimmed === '') return NaN;
      const n = Number(trimmed.replace(/,/g, ''));
      if (Number.isNaN(n))
        throw new BarsError(row, field, `row ${row}: ${field} "${trimmed}" is not a number`);
      return n;
    };
    const bar: Bar = {
      time: value('time'),
      open: value('open'),
      high: value('high'),
      low: value('low'),
      close: value('close'),
    };
    const volume = value('volume');
    if (!Number.isNaN(volume)) bar.volume = volume;
    checkBar(bar, row, `row ${row}`);
    bars.push(bar);
  }
  if (bars.length === 0) throw new BarsError(first + 1, '', 'the file has a header but no bars');
  checkOrder(
    bars,
    (k) => `row ${rowOf(k, lines, hasHeader ? first + 1 : first)}`,
    (k) => rowOf(k, lines, hasHeader ? first + 1 : first),
  );
  return bars;
}

/** The 1-based file row of the k-th bar (blank lines skipped). Only called on the error path. */
function rowOf(k: number, lines: string[], start: number): number {
  let seen = -1;
  for (let i = start; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    if (++seen === k) return i + 1;
  }
  return lines.length;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Reads JSON bars: [{time, open, high, low, close, volume?}] or [[time, o, h, l, c, v?], ...]. */
export function parseBarsJson(input: string | unknown): Bar[] {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input) as Json;
    } catch (error) {
      throw new BarsError(0, '', `not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!Array.isArray(data)) {
    throw new BarsError(
      0,
      '',
      'expected a JSON array of bars ({time, open, high, low, close} objects or [time, o, h, l, c] rows)',
    );
  }
  if (data.length === 0) throw new BarsError(0, '', 'the bar list is empty');
  const bars = data.map((item: unknown, k): Bar => {
    const row = k + 1;
    const where = `bar ${row}`;
    const read = (field: Field, raw: unknown): number => {
      if (raw === undefined || raw === null || raw === '') return NaN;
      if (field === 'time')
        return typeof raw === 'number' ? (raw > 1e11 ? raw / 1000 : raw) : parseTimeCell(String(raw));
      return typeof raw === 'number' ? raw : Number(String(raw).trim());
    };
    let bar: Bar;
    if (Array.isArray(item)) {
      bar = {
        time: read('time', item[0]),
        open: read('open', item[1]),
        high: read('high', item[2]),
        low: read('low', item[3]),
        close: read('close', item[4]),
      };
      if (item.length > 5) bar.volume = read('volume', item[5]);
    } else if (item !== null && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const pick = (field: keyof Bar): unknown => {
        for (const name of COLUMN_NAMES[field]) if (name in record) return record[name];
        return undefined;
      };
      bar = {
        time: read('time', pick('time')),
        open: read('open', pick('open')),
        high: read('high', pick('high')),
        low: read('low', pick('low')),
        close: read('close', pick('close')),
      };
      const volume = pick('volume');
      if (volume !== undefined) bar.volume = read('volume', volume);
    } else {
      throw new BarsError(row, '', `${where}: expected an object or an array, got ${JSON.stringify(item)}`);
    }
    checkBar(bar, row, where);
    return bar;
  });
  checkOrder(
    bars,
    (k) => `bar ${k + 1}`,
    (k) => k + 1,
  );
  return bars;
}

function checkBar(bar: Bar, row: number, where: string): void {
  if (!Number.isFinite(bar.time)) {
    throw new BarsError(
      row,
      'time',
      `${where}: the time is missing or unreadable; give UNIX seconds, milliseconds or an ISO date`,
    );
  }
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    const v = bar[field];
    if (!Number.isFinite(v)) throw new BarsError(row, field, `${where}: ${field} is not a number`);
    if (v < 0)
      throw new BarsError(row, field, `${where}: ${field} is negative (${v}); prices must be 0 or more`);
  }
  if (
    bar.volume !== undefined &&
    !Number.isNaN(bar.volume) &&
    (!Number.isFinite(bar.volume) || bar.volume < 0)
  ) {
    throw new BarsError(row, 'volume', `${where}: volume must be a number of 0 or more, got ${bar.volume}`);
  }
  if (bar.high < bar.low) {
    throw new BarsError(
      row,
      'high',
      `${where}: high ${bar.high} is below low ${bar.low}; check the column order (time,open,high,low,close)`,
    );
  }
  if (bar.high < Math.max(bar.open, bar.close) || bar.low > Math.min(bar.open, bar.close)) {
    throw new BarsError(
      row,
      bar.high < Math.max(bar.open, bar.close) ? 'high' : 'low',
      `${where}: open/close lie outside the high-low range`,
    );
  }
}

function checkOrder(bars: Bar[], where: (k: number) => string, rowNumber: (k: number) => number): void {
  for (let k = 1; k < bars.length; k++) {
    const dt = bars[k].time - bars[k - 1].time;
    if (dt === 0) {
      throw new BarsError(
        rowNumber(k),
        'time',
        `${where(k)}: duplicate time ${bars[k].time} (same as the row before); remove one of them`,
      );
    }
    if (dt < 0) {
      throw new BarsError(
        rowNumber(k),
        'time',
        `${where(k)}: time ${bars[k].time} is before the previous row's ${bars[k - 1].time}; sort the rows by time, oldest first`,
      );
    }
  }
}

/** Validates bars built in code (same rules as the parsers). */
export function validateBars(bars: readonly Bar[]): void {
  if (!Array.isArray(bars) || bars.length === 0) throw new BarsError(0, '', 'no bars');
  bars.forEach((bar, k) => checkBar(bar, k + 1, `bar ${k + 1}`));
  checkOrder(
    bars as Bar[],
    (k) => `bar ${k + 1}`,
    (k) => k + 1,
  );
}
