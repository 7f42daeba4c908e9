import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  LineSeries,
  LineStyle,
  LineType,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Bar, CostSpec, PolicyResult, TradeFill } from '../../engine/index.js';
import type { Palette } from '../chart/palette.js';
import { signedR } from './lab-data.js';
import { replayLevels } from './replay-levels.js';

interface Props {
  bars: readonly Bar[];
  policy: PolicyResult;
  /** The run's costs: the plan's fees (a breakeven "+fees" moves the stop by them). */
  costs: CostSpec;
  /** The run stressed bars with adverse gaps: levels are drawn from the recorded bars. */
  stressed: boolean;
  palette: Palette;
  trade: number;
  onTrade: (index: number) => void;
}

/** Bars shown either side of a trade. */
const MARGIN = 40;
const PLAY_MS = 900;

/** What a fill was, in words: "T1", "stop", "stop (trail)", "exhaustion". */
const fillName = (f: TradeFill): string =>
  f.reason === 'target' || f.reason === f.leg ? f.leg : `${f.leg} (${f.reason})`;

/**
 * One policy's trades replayed on the price chart, one at a time, so a reader sees why each
 * ended: the candles around the trade, the entry and the initial stop, the ladder's targets, the
 * stop in force bar by bar (trail and breakeven moves, a stepped line), and every fill as a
 * marker at its price with its R.
 */
export function TradeReplay({ bars, policy, costs, stressed, palette, trade, onTrade }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<{
    api: IChartApi;
    candles: ISeriesApi<'Candlestick'>;
    stopPath: ISeriesApi<'Line'>;
    markers: ISeriesMarkersPluginApi<Time>;
  } | null>(null);
  const [playing, setPlaying] = useState(false);
  const trades = policy.trades;
  const t = trades[Math.min(trade, trades.length - 1)];
  const levels = useMemo(
    () => (t ? replayLevels(bars, policy.policy, t, costs) : null),
    [bars, policy.policy, t, costs],
  );

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
      // The replay shows its bars whole (fitContent): with the first and last at the edges,
      // lightweight-charts keeps the edge time labels whole ("Dec", not a cut "ec").
      timeScale: {
        borderColor: palette.border,
        timeVisible: true,
        secondsVisible: false,
        fixLeftEdge: true,
        fixRightEdge: true,
      },
    });
    const candles = api.addSeries(CandlestickSeries, {
      upColor: palette.up,
      downColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
      borderVisible: false,
      priceLineVisible: false,
    });
    const stopPath = api.addSeries(LineSeries, {
      color: palette.trail,
      lineWidth: 2,
      lineType: LineType.WithSteps,
      priceLineVisible: false,
      lastValueVisible: false,
      crosshairMarkerVisible: false,
    });
    chart.current = { api, candles, stopPath, markers: createSeriesMarkers(candles, []) };
    return () => {
      api.remove();
      chart.current = null;
    };
  }, [palette]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !t) return;
    const decimals = priceDecimals(t.entryPrice);
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
    for (const leg of levels?.targets ?? []) {
      c.candles.createPriceLine({
        price: leg.price,
        color: palette.target,
        lineStyle: leg.filled ? LineStyle.Solid : LineStyle.Dashed,
        lineWidth: 1,
        title: `${leg.id} ${leg.share}%`,
      });
    }
    // The stop as it moved (the trail, breakeven), from the entry bar to the exit.
    c.stopPath.setData(
      (levels?.stopPath ?? []).map((p) => ({ time: p.time as UTCTimestamp, value: p.price })),
    );
    const long = t.side === 'long';
    const markers: SeriesMarker<Time>[] = [
      {
        time: t.entryTime as UTCTimestamp,
        position: long ? 'belowBar' : 'aboveBar',
        shape: long ? 'arrowUp' : 'arrowDown',
        color: palette.entry,
        text: `${t.side} ${t.entryPrice.toPrecision(6)}`,
      },
      // Each fill sits on its price: a target fill on its line, a stop-out on the stop path. Fills
      // on one bar share one marker (their labels would print over each other), at the last one.
      ...fillsByBar(t.fills).map((group): SeriesMarker<Time> => {
        const last = group[group.length - 1];
        return {
          time: last.time as UTCTimestamp,
          position: 'atPriceMiddle',
          price: last.price,
          shape: 'circle',
          color: group.reduce((sum, f) => sum + f.pnl, 0) >= 0 ? palette.up : palette.down,
          text: group.map((f) => `${fillName(f)} ${signedR(f.r)}`).join(' · '),
        };
      }),
    ];
    // Several fills on one bar: markers must be in time order for the plugin.
    markers.sort((a, b) => (a.time as number) - (b.time as number));
    c.markers.setMarkers(markers);
    c.api.timeScale().fitContent();
  }, [t, levels, bars, palette]);

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
      <p class="lab-replay-fills" data-role="trade-fills">
        {`Exits: ${t.fills.map((f) => `${fillName(f)} ${formatFillPrice(f.price, t.entryPrice)} (${signedR(f.r)})`).join(', then ')}`}
        {t.endOfData ? ' (the data ended with the position open)' : ''}
        {levels && !levels.agrees
          ? stressed
            ? '. Levels are drawn from the recorded bars; the stress test gapped some of them.'
            : '. The levels drawn could not be matched to these fills.'
          : ''}
      </p>
      <div
        class="lab-chart"
        ref={host}
        data-role="replay-chart"
        data-targets={levels?.targets.length ?? 0}
        data-stop-path={levels?.stopPath.length ?? 0}
        data-fills={t.fills.length}
      />
    </div>
  );
}

/** The fills grouped by the bar they happened on, in order. */
function fillsByBar(fills: readonly TradeFill[]): TradeFill[][] {
  const groups: TradeFill[][] = [];
  for (const f of fills) {
    const group = groups[groups.length - 1];
    if (group && group[0].time === f.time) group.push(f);
    else groups.push([f]);
  }
  return groups;
}

/** Enough decimals for the market: 1.07048 (EURUSD) needs five, 29,785 (BTC) two. */
function priceDecimals(reference: number): number {
  return Math.min(8, Math.max(2, 4 - Math.floor(Math.log10(Math.max(1e-8, reference)))));
}

function formatFillPrice(price: number, reference: number): string {
  return price.toFixed(priceDecimals(reference));
}
