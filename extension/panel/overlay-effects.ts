import type { Overlay } from '../../engine/index.js';
import type { PageChartStatus } from '../mirror/page-chart.js';
import type { BrowserApi } from '../platform/browser-api.js';
import type { Settings } from '../storage/settings.js';
import type { BookShieldEvent } from '../../widget/book/book-state.js';
import { AlertWatch, planEvents, wanted, type PlanEvent } from './alert-events.js';
import { shieldEvent } from './book-alerts.js';
import { mirrorLines } from './mirror-lines.js';
import { PageChartLink } from './page-chart-link.js';
import { playChime } from './sound.js';

/**
 * What a new overlay of a saved plan sets off outside the panel: the site's own lines (drawn
 * in the page's world where it has a chart API and the options ask for them; only sent when
 * they changed) and alerts for new crossings (the background decides, from storage, whether
 * each one is new for good).
 */
export class OverlayEffects {
  private watch = new AlertWatch();
  private sent = '';
  private readonly page: PageChartLink;

  constructor(
    private readonly browser: BrowserApi,
    tabId: number,
    private readonly settings: Settings,
    private readonly onAlert: (event: PlanEvent) => void,
    onPageChart: (status: PageChartStatus) => void,
  ) {
    this.page = new PageChartLink(browser, tabId, onPageChart);
  }

  /** A new plan (or symbol): what is already on its chart is history, not news. */
  restart(): void {
    this.watch = new AlertWatch();
  }

  apply(symbol: string, planStamp: string, overlay: Overlay): void {
    if (this.settings.mirrorLevels) this.mirror(mirrorLines(overlay));
    for (const event of this.watch.next(planEvents(symbol, planStamp, overlay))) this.send(event);
  }

  /** A book shield fired (live, never history): alerted through the same dedupe as the rest. */
  shield(symbol: string, planStamp: string, event: BookShieldEvent): void {
    this.send(shieldEvent(symbol, planStamp, event));
  }

  private send(event: PlanEvent): void {
    if (!wanted(event, this.settings)) return;
    void this.browser.runtime
      .sendMessage({ type: 'alert', alert: { key: event.key, title: event.title, message: event.message } })
      .then((answer) => {
        if ((answer as { fired?: boolean } | undefined)?.fired) {
          this.onAlert(event);
          if (this.settings.alertSound) playChime();
        }
      })
      .catch(() => undefined);
  }

  /** Removes the plan's lines from the page's chart (plan deleted, symbol left, panel closing). */
  clear(): void {
    if (this.sent && this.sent !== '[]') this.mirror([]);
    this.sent = '';
  }

  private mirror(lines: ReturnType<typeof mirrorLines>): void {
    const wire = JSON.stringify(lines);
    if (wire === this.sent) return;
    this.sent = wire;
    this.page.show(lines);
  }
}
