import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  LineStyle,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Bar, PolicyResult } from '../../engine/index.js';
import type { Palette } from '../chart/palette.js';
import { signedR } from './lab-data.js';

interface Props {
  bars: readonly Bar[];
  policy: PolicyResult;
  palette: Palette;
  trade: number;
  onTrade: (index: number) => void;
}

/** Bars shown either side of a trade. */
const MARGIN = 40;
const PLAY_MS = 900;

/**
 * One policy's trades replayed on the price chart, one at a time: the candles around the
 * trade, the entry and every fill as markers (with their R), the initial stop as a line.
 */
export function TradeReplay({ bars, policy, palette, trade, onTrade }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<{
    api: IChartApi;
    candles: ISeriesApi<'Candlestick'>;
    markers: ISeriesMarkersPluginApi<Time>;
  } | null>(null);
  const [playing, setPlaying] = useState(false);
  const trades = policy.trades;
  const t = trades[Math.min(trade, trades.length - 1)];

  useEffect(() => {
    if (!host.current) return;
    const api = createChart(host.current, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: palette.background },
        textColor: palette.text,
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        attributionLogo: true,
      },
      grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
      rightPriceScale: { borderColor: palette.border },
      timeScale: { borderColor: palette.border, timeVisible: true, secondsVisible: false },
    });
    const candles = api.addSeries(CandlestickSeries, {
      upColor: palette.up,
      downColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
      borderVisible: false,
      priceLineVisible: false,
    });
    chart.current = { api, candles, markers: createSeriesMarkers(candles, []) };
    return () => {
      api.remove();
      chart.current = null;
    };
  }, [palette]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !t) return;
    // Enough decimals for the market: 1.07048 (EURUSD) needs five, 29,785 (BTC) two.
    const decimals = Math.min(8, Math.max(2, 4 - Math.floor(Math.log10(Math.max(1e-8, t.entryPrice)))));
    c.candles.applyOptions({ priceFormat: { type: 'price', precision: decimals, minMove: 10 ** -decimals } });
    const from = Math.max(0, t.entryIndex - MARGIN);
    const to = Math.min(bars.length, t.exitIndex + MARGIN + 1);
    c.candles.setData(
      bars.slice(from, to).map((b) => ({
        time: b.time as UTCTimestamp,
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
      })),
    );
    for (const line of c.candles.priceLines()) c.candles.removePriceLine(line);
    c.candles.createPriceLine({
      price: t.initialStop,
      color: palette.stop,
      lineStyle: LineStyle.Dashed,
      lineWidth: 1,
      title: 'stop',
    });
    c.candles.createPriceLine({
      price: t.entryPrice,
      color: palette.entry,
      lineStyle: LineStyle.Dotted,
      lineWidth: 1,
      title: 'entry',
    });
    const long = t.side === 'long';
    const markers: SeriesMarker<Time>[] = [
      {
        time: t.entryTime as UTCTimestamp,
        position: long ? 'belowBar' : 'aboveBar',
        shape: long ? 'arrowUp' : 'arrowDown',
        color: palette.entry,
        text: `${t.side} ${t.entryPrice.toPrecision(6)}`,
      },
      ...t.fills.map((f): SeriesMarker<Time> => ({
        time: f.time as UTCTimestamp,
        position: long ? 'aboveBar' : 'belowBar',
        shape: 'circle',
        color: f.pnl >= 0 ? palette.up : palette.down,
        text: `${f.leg} ${signedR(f.r)}`,
      })),
    ];
    // Several fills on one bar: markers must be in time order for the plugin.
    markers.sort((a, b) => (a.time as number) - (b.time as number));
    c.markers.setMarkers(markers);
    c.api.timeScale().fitContent();
  }, [t, bars, palette]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      if (trade + 1 >= trades.length) setPlaying(false);
      else onTrade(trade + 1);
    }, PLAY_MS);
    return () => clearInterval(timer);
  }, [playing, trade, trades.length, onTrade]);

  if (!t) return <p class="lab-empty">This policy took no trades.</p>;
  return (
    <div class="lab-replay">
      <div class="lab-replay-bar">
        <button
          type="button"
          onClick={() => onTrade(Math.max(0, trade - 1))}
          disabled={trade === 0}
          aria-label="previous trade"
        >
          ◀
        </button>
        <button type="button" onClick={() => setPlaying(!playing)} data-role="play">
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          onClick={() => onTrade(Math.min(trades.length - 1, trade + 1))}
          disabled={trade >= trades.length - 1}
          aria-label="next trade"
        >
          ▶
        </button>
        <span class="lab-replay-info" data-role="trade-info">
          {`Trade ${trade + 1} of ${trades.length}: ${t.side} ${new Date(t.entryTime * 1000).toISOString().slice(0, 16).replace('T', ' ')}, `}
          {`${t.fills.length} fill${t.fills.length === 1 ? '' : 's'}, ${signedR(t.r)} net, MFE ${t.mfeR.toFixed(2)}R, MAE ${t.maeR.toFixed(2)}R`}
        </span>
      </div>
      <div class="lab-chart" ref={host} data-role="replay-chart" />
    </div>
  );
}
