import { BarsError } from '../errors.js';
import type { Bar } from '../types.js';
import { cellText, COLUMN_NAMES, type Field } from './bar-fields.js';
import { TimeUnitTracker, readTime } from './time.js';
import { checkBar, checkOrder } from './validate.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Reads JSON bars: [{time, open, high, low, close, volume?}] or [[time, o, h, l, c, v?], ...]. */
export function parseBarsJson(input: string | unknown): Bar[] {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      // A byte-order mark (an editor's save) or a no-break space (text copied from a web page) is
      // not JSON whitespace; trim() takes them with the rest of Unicode's spaces.
      data = JSON.parse(input.trim()) as Json;
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
  const units = new TimeUnitTracker();
  const bars = data.map((item: unknown, k): Bar => {
    const row = k + 1;
    const where = `bar ${row}`;
    const read = (field: Field, raw: unknown): number => {
      if (raw === undefined || raw === null || raw === '') return NaN;
      if (field === 'time') {
        if (typeof raw === 'number') return Number.isFinite(raw) ? units.seconds(raw, row, 'bar') : NaN;
        const reading = readTime(String(raw));
        if (typeof reading === 'string')
          throw new BarsError(row, 'time', `${where}: time "${cellText(String(raw).trim())}" ${reading}`);
        return units.check(reading, Number(String(raw).trim()), row, 'bar');
      }
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
      throw new BarsError(
        row,
        '',
        `${where}: expected an object or an array, got ${cellText(String(JSON.stringify(item)))}`,
      );
    }
    checkBar(bar, row, 'bar');
    return bar;
  });
  checkOrder(
    bars.length,
    (k) => bars[k].time,
    (k) => `bar ${k + 1}`,
    (k) => k + 1,
  );
  return bars;
}
