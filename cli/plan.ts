import {
  computeOverlay,
  describePlan,
  formatPrice,
  formatR,
  isLastEntry,
  parsePlan,
  parseTime,
  PlanError,
  type Bar,
  type Overlay,
  type PlanText,
} from '../engine/index.js';
import { parseFlags, readBars, UsageError, type CliIo } from './io.js';

const iso = (t: number | null): string =>
  t === null
    ? '-'
    : new Date(t * 1000)
        .toISOString()
        .replace('T', ' ')
        .replace(/:00\.000Z$|\.000Z$/, '')
        .replace(/Z$/, '');

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [pad(header, widths), ...rows.map((r) => pad(r, widths))].join('\n') + '\n';
}

/** The entry bar: the first at or after `at`, or the last bar. */
function entryIndex(bars: Bar[], at: number | undefined): number {
  if (at === undefined) return bars.length - 1;
  const i = bars.findIndex((b) => b.time >= at);
  if (i < 0) {
    throw new PlanError(
      'at',
      `at: ${iso(at)} is after the last bar (${iso(bars[bars.length - 1].time)}); pick a time inside the data`,
    );
  }
  return i;
}

/** `exitplan plan <bars> --side ... --stop ...`: the levels, then the trade leg by leg. */
export function runPlanCommand(argv: string[], io: CliIo): number {
  const { values, positionals } = parseFlags(argv, {
    side: { type: 'string' },
    entry: { type: 'string' },
    stop: { type: 'string' },
    ladder: { type: 'string' },
    trail: { type: 'string' },
    breakeven: { type: 'string' },
    exhaustion: { type: 'string' },
    decay: { type: 'string' },
    fees: { type: 'string' },
    size: { type: 'string' },
    swing: { type: 'string' },
    at: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new UsageError('give exactly one bars file, e.g. exitplan plan bars.csv --side long --stop 2%');
  if (!values.side) throw new UsageError('--side long|short is required');
  if (!values.stop)
    throw new UsageError('--stop is required: a price (95), a percent (2%) or an ATR multiple (atr14x1.5)');
  const bars = readBars(io, positionals[0]);
  const at = values.at === undefined ? undefined : parseTime('at', values.at);
  const index = entryIndex(bars, at);
  const text: PlanText = {
    side: values.side,
    // No --entry, or --entry last: the close of the entry bar, as the widget's entry="last".
    entry: values.entry === undefined || isLastEntry(values.entry) ? bars[index].close : values.entry,
    stop: values.stop,
    ladder: values.ladder,
    trail: values.trail,
    breakeven: values.breakeven,
    exhaustion: values.exhaustion,
    decay: values.decay,
    fees: values.fees,
    size: values.size,
    swing: values.swing,
    at: bars[index].time,
  };
  const plan = parsePlan(text);
  // A price typed on the command line must have traded on its bar (issue 14 item 3).
  const overlay = computeOverlay(bars, plan, { entryInBar: true });
  if (values.json) {
    io.stdout(JSON.stringify({ plan: text, entryBar: index, ...overlay }, null, 2) + '\n');
    return 0;
  }
  io.stdout(report(describePlan(plan), bars, index, overlay));
  return 0;
}

function report(description: string, bars: Bar[], index: number, o: Overlay): string {
  const { levels, state } = o;
  const out: string[] = [];
  out.push(`Plan       ${description}`);
  out.push(`Entry bar  ${iso(bars[index].time)} UTC (bar ${index + 1} of ${bars.length})`);
  out.push(
    `Risk       1R = ${formatPrice(levels.riskPerUnit)} per unit, stop ${formatPrice(levels.initialStop)}`,
  );
  if (levels.swing)
    out.push(
      `Swing      ${formatPrice(levels.swing.low)} to ${formatPrice(levels.swing.high)} (Fibonacci anchor)`,
    );
  out.push('');
  const rows = [
    ['Entry', formatPrice(levels.entry), '', ''],
    ['Stop', formatPrice(levels.initialStop), formatR(-1), ''],
    ...levels.legs.map((leg) => [
      leg.label.replace(/ [\d.]+% .*$/, ''),
      formatPrice(leg.price),
      formatR(leg.r),
      `${leg.share}%`,
    ]),
  ];
  out.push(table(['Level', 'Price', 'R', 'Share'], rows));
  out.push(
    `If every leg fills: ${formatR(levels.blendedR)} blended; the runner (${levels.runnerShare}%) rides the ${o.state.trailActive || levels.runnerShare === 0 ? 'trail' : 'stop'}.`,
  );
  out.push('');
  if (index === bars.length - 1) {
    out.push('Entered on the last bar: nothing has played out yet.');
    return out.join('\n') + '\n';
  }
  out.push(`Outcome over ${bars.length - 1 - index} bars after the entry bar`);
  if (state.fills.length === 0) out.push('No fills yet.');
  else {
    out.push(
      table(
        ['Time (UTC)', 'Leg', 'Reason', 'Planned', 'Filled', 'Size', 'R'],
        state.fills.map((f) => [
          iso(f.time),
          f.leg,
          f.reason,
          formatPrice(f.plannedPrice),
          formatPrice(f.price),
          String(Number(f.size.toPrecision(10))),
          formatR(f.r),
        ]),
      ).trimEnd(),
    );
  }
  out.push('');
  if (state.status === 'closed') {
    out.push(
      `Closed ${iso(state.exitTime)}: realised ${formatR(state.realisedR)} (${formatPrice(state.realisedPnl)} per ${state.size} unit(s), fees ${formatPrice(state.fees)})`,
    );
  } else {
    out.push(
      `Still open: ${state.remaining} of ${state.size} left, stop now ${formatPrice(state.stop)}${state.breakevenActive ? ' (breakeven reached)' : ''}`,
    );
    out.push(`Realised ${formatR(state.realisedR)}, open ${formatR(state.openR)} at the last close`);
  }
  out.push(
    `MFE ${formatPrice(state.mfe)} (${formatR(state.mfeR)})   MAE ${formatPrice(state.mae)} (${formatR(-state.maeR)})   bars open ${state.barsOpen}`,
  );
  const exhaustion = o.markers.filter(
    (m) =>
      m.role === 'exhaustion' &&
      m.time >= bars[index].time &&
      (state.exitTime === null || m.time <= state.exitTime),
  );
  if (exhaustion.length)
    out.push(
      `Exhaustion suggestions while open: ${exhaustion.length}, first ${iso(exhaustion[0].time)} (${exhaustion[0].text})`,
    );
  if (state.decayFlagged)
    out.push(`Time decay: flagged (${o.markers.find((m) => m.role === 'decay')?.text})`);
  return out.join('\n') + '\n';
}
