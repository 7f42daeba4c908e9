import { describe, expect, it } from 'vitest';
import { findChartApi } from '../../../extension/mirror/chart-api.js';

const chart = { createShape: () => 'id-1', removeEntity: () => undefined };

describe('main-world chart API detection', () => {
  it('finds the active chart under the names the Charting Library and tradingview.com use', () => {
    expect(findChartApi({ tvWidget: { activeChart: () => chart } })).toBe(chart);
    expect(findChartApi({ TradingViewApi: { activeChart: () => chart } })).toBe(chart);
  });

  it('skips pages without it, half-built widgets, and charts missing a call', () => {
    expect(findChartApi({})).toBeNull();
    expect(
      findChartApi({
        tvWidget: {
          activeChart: () => {
            throw new Error('chart not ready');
          },
        },
      }),
    ).toBeNull();
    expect(findChartApi({ tvWidget: { activeChart: () => ({ createShape: () => 1 }) } })).toBeNull();
    expect(findChartApi({ tvWidget: 'not an object', widget: { activeChart: () => chart } })).toBe(chart);
  });
});
