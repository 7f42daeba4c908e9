// Every kind of bad input shows a clear message in the widget's own box (what is wrong, what
// to change); nothing is inserted as HTML, nothing throws, and a good widget beside them works.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../../engine/index.js';
import { openBarePage, readCsv, serverAndBrowser, SHOTS, snapshot, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();
let page: Page;
let errors: string[];

const SPY = '/data/spy_daily_1999-2020.csv';
const good = JSON.stringify(parseBarsCsv(readCsv('spy_daily_1999-2020.csv')).slice(5000, 5120));

/** id -> [element markup, words the message must contain]. */
const CASES: Record<string, [string, string[]]> = {
  missing: [
    `<exit-plan id="missing" src="/data/no-such-file.csv" side="long" entry="300" stop="290"></exit-plan>`,
    ['HTTP 404', 'Check the src URL'],
  ],
  badurl: [
    `<exit-plan id="badurl" src="http://[::1" side="long" entry="300" stop="290"></exit-plan>`,
    ['is not a URL', 'Give a path'],
  ],
  notbars: [
    `<exit-plan id="notbars" src="/demo/demo.css" side="long" entry="300" stop="290"></exit-plan>`,
    ['not OHLC bars', 'no "time" column', 'name the columns'],
  ],
  ladder: [
    `<exit-plan id="ladder" src="${SPY}" side="long" entry="300" stop="290" ladder="1R:abc"></exit-plan>`,
    ['not valid', 'ladder', '1R:abc'],
  ],
  wrongside: [
    `<exit-plan id="wrongside" src="${SPY}" side="long" entry="300" stop="310"></exit-plan>`,
    ['stop', 'wrong side', 'a long stop goes below the entry'],
  ],
  side: [
    `<exit-plan id="side" src="${SPY}" side="sideways" entry="300" stop="290"></exit-plan>`,
    ['side', 'long', 'short'],
  ],
  mode: [
    `<exit-plan id="mode" src="${SPY}" side="long" entry="300" stop="290" mode="fast"></exit-plan>`,
    ['mode="fast"', 'static, replay, live'],
  ],
  inline: [
    `<exit-plan id="inline" side="long" entry="300" stop="290"><script type="application/json">[{"time":1,"open":"x"}]</script></exit-plan>`,
    ['bar 1', 'open is not a number'],
  ],
  nosource: [
    `<exit-plan id="nosource" side="long" entry="300" stop="290"></exit-plan>`,
    ['No bars were given', 'src attribute'],
  ],
  html: [
    `<exit-plan id="html" src="/test/evil.csv" side="long" entry="300" stop="290"></exit-plan>`,
    ['<img src=x onerror=', 'is not a number'],
  ],
};

beforeAll(async () => {
  const body =
    Object.values(CASES)
      .map(([markup]) => markup)
      .join('\n') +
    `<exit-plan id="good" side="long" entry="last" stop="2%" ladder="1R:50,2R:50" height="240"><script type="application/json">${good}</script></exit-plan>`;
  page = await openBarePage(
    env.browser,
    env.base,
    `<main style="display:grid;grid-template-columns:1fr 1fr;gap:10px;max-width:1200px">${body}</main>`,
  );
  errors = watchErrors(page);
  // A "CSV" whose cells are markup: it must be shown as text, never run.
  await page.context().route(`${env.base}/test/evil.csv`, (r) =>
    r.fulfill({
      contentType: 'text/csv',
      body: 'time,open,high,low,close\n1,<img src=x onerror="window.pwned=1">,2,1,2\n',
    }),
  );
  await page.reload();
});

describe('bad input', () => {
  for (const [id, [, words]] of Object.entries(CASES)) {
    it(`${id}: says what is wrong and what to change`, async () => {
      const s = await snapshot(page, `#${id}`);
      expect(s.error).not.toBeNull();
      for (const w of words) expect(s.error).toContain(w);
      expect(s.overlay).toBeNull();
      // The same words are visible in the box, not only in the API.
      const shown = await page.evaluate(
        (sel) => document.querySelector(sel)?.shadowRoot?.querySelector('.ep-error')?.textContent ?? '',
        `#${id}`,
      );
      for (const w of words) expect(shown).toContain(w);
    });
  }

  it('never turns data into HTML', async () => {
    const imgs = await page.evaluate(
      () => document.querySelector('#html')?.shadowRoot?.querySelectorAll('img').length,
    );
    expect(imgs).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it('leaves the rest of the page working', async () => {
    const s = await snapshot(page, '#good');
    expect(s.error).toBeNull();
    expect(s.overlay?.lines.map((l) => l.id)).toEqual(['entry', 'stop', 'T1', 'T2']);
    // The 404 for /data/no-such-file.csv is the one console line a bad URL should cause.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'widget-errors.png'), fullPage: true });
  });

  it('re-plans when a plan attribute changes, and tears down cleanly when removed', async () => {
    await page.evaluate(() => document.querySelector('#good')?.setAttribute('ladder', '1R:25,3R:75'));
    await expect
      .poll(async () => (await snapshot(page, '#good')).overlay?.levels.legs.map((l) => [l.id, l.share]))
      .toEqual([
        ['T1', 25],
        ['T2', 75],
      ]);
    // A bad attribute value shows its message in the box instead of the chart.
    await page.evaluate(() => document.querySelector('#good')?.setAttribute('stop', '999'));
    await expect.poll(async () => (await snapshot(page, '#good')).error ?? '').toContain('wrong side');
    await page.evaluate(() => document.querySelector('#good')?.setAttribute('stop', '2%'));
    await expect.poll(async () => (await snapshot(page, '#good')).error).toBeNull();
    // Removing the element destroys the widget (its workers end with it) without an error.
    const left = await page.evaluate(() => {
      const el = document.querySelector('#ladder');
      el?.remove();
      return document.querySelectorAll('exit-plan').length;
    });
    expect(left).toBe(Object.keys(CASES).length);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });

  it('keeps the last good plan when the form is given a bad one, and says why', async () => {
    const before = (await snapshot(page, '#good')).overlay;
    const root = page.locator('#good');
    await root.locator('summary').click();
    await root.locator('input[name="stop"]').fill('400');
    await root.locator('input[name="stop"]').press('Enter');
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            document.querySelector('#good')?.shadowRoot?.querySelector('.ep-form-error')?.textContent ?? '',
        ),
      )
      .toContain('wrong side');
    expect((await snapshot(page, '#good')).overlay).toEqual(before);
    // And the keyboard path works for a good edit: Tab to the ladder field, type, Enter.
    await root.locator('input[name="stop"]').fill('2%');
    await root.locator('input[name="ladder"]').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1R:100');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await snapshot(page, '#good')).overlay?.lines.map((l) => l.id))
      .toEqual(['entry', 'stop', 'T1']);
  });
});
