import { afterEach, describe, expect, it } from 'vitest';
import { checkPageStatus, drawOnPageChart, hasPageChart } from '../../../extension/mirror/page-chart.js';

/**
 * The functions the panel runs in the page's world, run here against a stand-in for the page's
 * chart API on globalThis (the page's global object is where the browser runs them).
 */
const scope = globalThis as unknown as Record<string | symbol, unknown>;
const NAMES = ['tvWidget', 'TradingViewApi', 'widget'];

function fakeChart() {
  const calls: string[] = [];
  let next = 1;
  const chart = {
    createShape: (point: { price: number }, options: { overrides: { linecolor: string } }) => {
      calls.push(`create ${point.price} ${options.overrides.linecolor}`);
      return Promise.resolve(`shape-${next++}`);
    },
    removeEntity: (id: string) => void calls.push(`remove ${id}`),
  };
  return { chart, calls };
}

afterEach(() => {
  for (const name of NAMES) delete scope[name];
  delete scope[Symbol.for('exitplan.page-lines')];
});

describe('the page chart functions', () => {
  it('finds the active chart under the names the Charting Library and tradingview.com use', () => {
    expect(hasPageChart()).toBe(false);
    scope.TradingViewApi = { activeChart: () => fakeChart().chart };
    expect(hasPageChart()).toBe(true);
  });

  it('skips half-built widgets and charts missing a call', () => {
    scope.tvWidget = {
      activeChart: () => {
        throw new Error('chart not ready');
      },
    };
    scope.widget = { activeChart: () => ({ createShape: () => 1 }) };
    expect(hasPageChart()).toBe(false);
  });

  it('draws each line once, keeps unchanged ones and removes the ones no longer wanted', async () => {
    const { chart, calls } = fakeChart();
    scope.tvWidget = { activeChart: () => chart };
    const stop = { price: 95, color: '#f23645' };
    const target = { price: 110, color: '#26a69a' };
    expect(await drawOnPageChart([stop, target])).toEqual({ available: true, drawn: 2 });
    expect(await drawOnPageChart([{ price: 97, color: '#f23645' }, target])).toEqual({
      available: true,
      drawn: 2,
    });
    expect(await drawOnPageChart([])).toEqual({ available: true, drawn: 0 });
    expect(calls).toEqual([
      'create 95 #f23645',
      'create 110 #26a69a',
      'remove shape-1',
      'create 97 #f23645',
      'remove shape-2',
      'remove shape-3',
    ]);
  });

  it('says so and draws nothing where the page has no chart API', async () => {
    expect(await drawOnPageChart([{ price: 95, color: '#f23645' }])).toEqual({ available: false, drawn: 0 });
  });
});

describe('the page chart status', () => {
  it('never believes more lines than were sent, nor a malformed answer', () => {
    expect(checkPageStatus({ available: true, drawn: 987654 }, 3)).toEqual({ available: true, drawn: 3 });
    expect(checkPageStatus({ available: true, drawn: -2 }, 3)).toEqual({ available: true, drawn: 0 });
    expect(checkPageStatus({ available: true, drawn: 1.5 }, 3)).toEqual({ available: true, drawn: 0 });
    expect(checkPageStatus({ available: 'yes', drawn: 2 }, 3)).toEqual({ available: false, drawn: 0 });
    expect(checkPageStatus(null, 3)).toEqual({ available: false, drawn: 0 });
    expect(checkPageStatus({ available: true, drawn: 1, error: 'e'.repeat(500) }, 3).error).toHaveLength(200);
  });
});
