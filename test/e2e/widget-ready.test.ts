// `<exit-plan>`'s `ready` read while the page is still loading: the widget mounts on
// DOMContentLoaded (its inline bars may follow it in the HTML), and a script right after the
// element must still get a promise that waits for the plan, or for the error message.
import { describe, expect, it } from 'vitest';
import { openBarePage, serverAndBrowser, watchErrors } from './widget-harness.js';

const env = serverAndBrowser();

describe('<exit-plan> ready', () => {
  it('read before the widget mounts, settles once the plan is drawn or a message is shown', async () => {
    const page = await openBarePage(
      env.browser,
      env.base,
      `<exit-plan id="good" src="/data/spy_daily_1999-2020.csv" side="long" entry="last" stop="2%" ladder="1R:50,2R:50"></exit-plan>
       <exit-plan id="bad" side="long" entry="300" stop="290"></exit-plan>
       <script>
         const state = (id) => {
           const el = document.getElementById(id);
           return { drawn: el.getOverlay() !== null, error: el.errorMessage() };
         };
         window.early = Promise.all([
           document.getElementById('good').ready.then(() => state('good')),
           document.getElementById('bad').ready.then(() => state('bad')),
         ]);
       </script>`,
    );
    const errors = watchErrors(page);
    const [good, bad] = await page.evaluate(
      () => (window as unknown as { early: Promise<{ drawn: boolean; error: string | null }[]> }).early,
    );
    expect(good).toEqual({ drawn: true, error: null });
    expect(bad.drawn).toBe(false);
    expect(bad.error).toContain('No bars were given');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
