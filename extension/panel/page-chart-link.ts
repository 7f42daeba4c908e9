import {
  checkPageStatus,
  drawOnPageChart,
  hasPageChart,
  type PageChartStatus,
  type PageLine,
} from '../mirror/page-chart.js';
import type { BrowserApi } from '../platform/browser-api.js';

/**
 * The panel's side of the site's own lines. Each update first asks the page, with no data,
 * whether it has a chart API; only a yes is followed by the lines. Updates run one at a time
 * (createShape may be async, and two interleaved draws would double lines), and only the last
 * wanted state matters, so a burst of overlays sends the newest lines once.
 */
export class PageChartLink {
  private chain: Promise<void> = Promise.resolve();
  private wanted: PageLine[] | null = null;

  constructor(
    private readonly browser: BrowserApi,
    private readonly tabId: number,
    private readonly onStatus: (status: PageChartStatus) => void,
  ) {}

  show(lines: PageLine[]): void {
    const first = this.wanted === null;
    this.wanted = lines;
    if (first) this.chain = this.chain.then(() => this.flush());
  }

  private async flush(): Promise<void> {
    const lines = this.wanted ?? [];
    this.wanted = null;
    const target = { tabId: this.tabId, frameIds: [0] };
    try {
      if (lines.length) {
        const [probe] = await this.browser.scripting.executeScript({
          target,
          world: 'MAIN',
          func: hasPageChart,
        });
        if (probe?.result !== true) {
          this.onStatus({ available: false, drawn: 0 });
          return;
        }
      }
      const [answer] = await this.browser.scripting.executeScript({
        target,
        world: 'MAIN',
        func: drawOnPageChart,
        args: [lines],
      });
      this.onStatus(checkPageStatus(answer?.result, lines.length));
    } catch {
      // No access to this page's world (a site without host permission, a closed tab).
      this.onStatus({ available: false, drawn: 0 });
    }
  }
}
