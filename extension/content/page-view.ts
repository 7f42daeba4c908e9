import type { PageView } from '../sites/types.js';

/** The live document as an adapter sees it. */
export function documentPageView(doc: Document): PageView {
  return {
    get url() {
      return doc.location.href;
    },
    get title() {
      return doc.title;
    },
    text(selector) {
      const text = doc.querySelector(selector)?.textContent?.trim();
      return text ? text : null;
    },
    attr(selector, name) {
      return doc.querySelector(selector)?.getAttribute(name) ?? null;
    },
  };
}
