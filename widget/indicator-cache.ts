import type { EngineApi } from './engine-client.js';
import type { IndicatorColumns } from './chart/plan-chart.js';

type Settings = Parameters<EngineApi['indicatorSeries']>[0];

/**
 * The bands' and RSI's columns for the bars the page holds: asked for with the bars, kept until
 * a push outdates them, asked for again only when a toggle needs them.
 */
export class IndicatorCache {
  private columns: IndicatorColumns | null = null;
  /** Asked for with the bars, until they are drawn or a push outdates them. */
  private pending: Promise<IndicatorColumns> | null = null;

  /** The columns that will come with a load just sent. */
  expect(columns: Promise<IndicatorColumns>): void {
    this.columns = null;
    this.pending = columns;
  }

  /** A push changed the last bar: the next toggle asks the engine again. */
  invalidate(): void {
    this.columns = null;
    this.pending = null;
  }

  /** What is here now, without asking (null until the columns of the last load arrived). */
  get ready(): IndicatorColumns | null {
    return this.columns;
  }

  async get(api: () => EngineApi, settings: Settings, from: number | undefined): Promise<IndicatorColumns> {
    this.columns ??= await (this.pending ?? api().indicatorSeries(settings, from));
    this.pending = null;
    return this.columns;
  }
}
