import fs from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import type { PageView } from '../../../extension/sites/index.js';

/**
 * A saved fixture page as an adapter sees it: the HTML parsed with cheerio (a real selector
 * engine; installed with web-ext's linter), at the URL the page would have on the live site.
 * Edits model what the site's app does in place (pushState, a toolbar change).
 */
export function fixturePage(
  file: string,
  url: string,
): PageView & { $: ReturnType<typeof load>; url: string } {
  const $ = load(fs.readFileSync(path.resolve(process.cwd(), 'test/fixtures/sites', file), 'utf8'));
  const page = {
    $,
    url,
    get title() {
      return $('title').text();
    },
    text(selector: string) {
      const text = $(selector).first().text().trim();
      return $(selector).length && text ? text : null;
    },
    attr(selector: string, name: string) {
      return $(selector).first().attr(name) ?? null;
    },
  };
  return page;
}
