import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { barsFromColumns, parseBarColumnsCsv } from '../../../engine/index.js';
import { chartWindow, loadedBarList, parseBarsText, readInStep } from '../../../widget/load-bars.js';
import { withEntryDefault } from '../../../widget/plan-input.js';
import { BTC_5M, DATA_DIR } from '../support/data.js';

describe("the page's share of a file's bars", () => {
  const text = fs.readFileSync(path.join(DATA_DIR, BTC_5M), 'utf8');
  const all = parseBarColumnsCsv(text);
  const n = all.time.length;

  it('parses CSV into columns and JSON into bars', () => {
    const csv = parseBarsText(text);
    expect('columns' in csv && csv.columns.time).toHaveLength(n);
    const json = parseBarsText('[[1700000000,1,2,0.5,1.5]]');
    expect(json).toEqual({ bars: [{ time: 1700000000, open: 1, high: 2, low: 0.5, close: 1.5 }] });
    expect(parseBarsText('\uFEFF[[1700000000,1,2,0.5,1.5]]')).toEqual(json);
    expect(parseBarsText('\u00A0[[1700000000,1,2,0.5,1.5]]')).toEqual(json);
    expect(loadedBarList(csv)).toEqual(barsFromColumns(all));
  });

  it('reads a download chunk by chunk as the whole text: CSV from its bytes, JSON as text', async () => {
    // The response's bytes in pieces of the given sizes, as fetch delivers them.
    const download = (content: string, sizes: number[]) => {
      const bytes = new TextEncoder().encode(content);
      const pieces: Uint8Array[] = [];
      for (let at = 0, k = 0; at < bytes.length; k++) {
        const size = sizes[k % sizes.length];
        pieces.push(bytes.slice(at, at + size));
        at += size;
      }
      return new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of pieces) controller.enqueue(piece);
          controller.close();
        },
      }).getReader();
    };
    const outcome = async (read: () => Promise<unknown>) => {
      try {
        return await read();
      } catch (e) {
        return e;
      }
    };
    const json = '\n  [[1700000000,1,2,0.5,1.5],{"time":1700000060,"open":1.5,"high":2,"low":1,"close":1.2}]';
    const files = [
      text.slice(0, 100_000),
      '\uFEFF' + text.slice(0, 5_000),
      json,
      '\uFEFF' + json,
      // A no-break space before the JSON (copied from a web page): JSON, as the text path says.
      '\u00A0' + json,
      '\uFEFF\u00A0 \u3000' + text.slice(0, 5_000),
      '\n\n   \n',
      'time,open,high,low,close\n1,1,2,0.5,1\n2,1,0.5,2,1\n',
    ];
    for (const file of files) {
      // The whole text as a browser decodes it: a byte-order mark is not part of it.
      const whole = await outcome(async () => parseBarsText(file.replace(/^\uFEFF/, '')));
      for (const sizes of file.length < 10_000
        ? [[1], [3, 7], [65_536]]
        : [[3, 7], [65_536], [2, 40_000, 5]]) {
        expect(await outcome(() => readInStep(download(file, sizes), file.length))).toEqual(whole);
      }
    }
  });

  it('makes objects for the last rows only, or from 200 bars before an earlier entry', () => {
    const tail = chartWindow(all, undefined, 3200);
    expect(tail).toEqual(barsFromColumns(all).slice(n - 3200));
    const lateEntry = chartWindow(all, all.time[n - 100], 3200);
    expect(lateEntry).toHaveLength(3200);
    const early = chartWindow(all, all.time[10_000], 3200);
    expect(early[0]).toEqual(barsFromColumns(all)[9_800]);
    expect(early.at(-1)?.time).toBe(all.time[n - 1]);
  });

  it('enters at the close of the bar at `at`, or of the last bar, from columns as from bars', () => {
    const plan = { side: 'long', entry: 'last', stop: '1%', ladder: '1R:100' };
    expect(withEntryDefault(plan, all)).toEqual({ ...plan, entry: all.close[n - 1] });
    const at = { ...plan, at: all.time[5000] };
    expect(withEntryDefault(at, all)).toEqual({ ...at, entry: all.close[5000] });
    expect(withEntryDefault(at, barsFromColumns(all))).toEqual(withEntryDefault(at, all));
  });
});
