import {
  describePlan,
  ExitTracker,
  formatPrice,
  formatR,
  isLastEntry,
  parsePlan,
  PlanError,
  type Bar,
  type Overlay,
  type PlanText,
} from '../engine/index.js';
import { isoTime, parseTime } from '../engine/io/time.js';
import { parseFlags } from './flags.js';
import { UsageError, type CliIo } from './io.js';
import { numberFlag, type NumberRule } from './numbers.js';
import { streamBars } from './read-bars.js';

const iso = (t: number | null): string =>
  t === null
    ? '-'
    : isoTime(t)
        .replace('T', ' ')
        .replace(/:00Z$|:00\.000Z$|\.000Z$/, '')
        .replace(/Z$/, '');

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [pad(header, widths), ...rows.map((r) => pad(r, widths))].join('\n') + '\n';
}

export const PLAN_HELP = `usage: exitplan plan <bars.csv> --side long|short --stop <spec> [--entry <price>] [--ladder <spec>]
                     [--trail <spec>] [--breakeven <leg>] [--at <time>] [--size <units>]
                     [--exhaustion <spec>] [--decay <spec>] [--fees <spec>] [--swing low:high] [--json]

Prints the plan's levels and, from the entry time on, how the trade played out leg by leg.
Without --at the trade is entered on the last bar; without --entry at that bar's close. The
file is read as a stream (twice: once to find the entry bar, once to play the trade), so a
file of any size is read in bounded memory.

  --side       long | short (buy, sell)
  --stop       95 (a price) | 2% (from the entry) | atr14x1.5 (1.5 x ATR(14))
  --entry      the entry price, above 0 (default: the entry bar's close)
  --at         UNIX seconds (or milliseconds, microseconds, nanoseconds) or an ISO date
               (2021-01-04T10:00Z, UTC unless it says otherwise); the first bar at or after it
               is the entry bar; a time before the first bar or after the last is refused
  --size       units, above 0 and at most 1e12 (default 1)
  --ladder     1R:25,2R:25,fib1.618:50   legs as target:share%
  --trail      none | atr14x2.5 | chandelier22x3, add @1 to start after leg 1
  --breakeven  1 | 1+fees | 1+0.5
  --exhaustion rsi14>70<30,bb20x2,take25[,act] | none
  --decay      bars20,min0.5R[,act]
  --fees       bps10,unit0.01,fill1
  --swing      low:high, the Fibonacci anchor
  --json       the levels, every fill and the overlay as JSON
`;

/** What the first pass over the file found: the entry bar and the file's extent. */
interface EntryScan {
  count: number;
  firstTime: number;
  lastTime: number;
  index: number;
  entryTime: number;
  entryClose: number;
}

/** The entry bar (the first at or after `at`, or the last bar) without keeping the bars. */
function findEntry(io: CliIo, path: string, at: number | undefined): EntryScan {
  const scan: EntryScan = {
    count: 0,
    firstTime: NaN,
    lastTime: NaN,
    index: -1,
    entryTime: NaN,
    entryClose: NaN,
  };
  streamBars(io, 'plan', path, (c) => {
    if (scan.count === 0) scan.firstTime = c.time[0];
    for (let i = 0; i < c.time.length; i++) {
      if (at === undefined || (scan.index < 0 && c.time[i] >= at)) {
        scan.index = scan.count + i;
        scan.entryTime = c.time[i];
        scan.entryClose = c.close[i];
      }
    }
    scan.count += c.time.length;
    scan.lastTime = c.time[c.time.length - 1];
  });
  if (at !== undefined && at < scan.firstTime) {
    throw new PlanError(
      'at',
      `at: ${iso(at)} is before the first bar (${iso(scan.firstTime)}); pick a time inside the data`,
    );
  }
  if (scan.index < 0) {
    throw new PlanError(
      'at',
      `at: ${iso(at ?? NaN)} is after the last bar (${iso(scan.lastTime)}); pick a time inside the data`,
    );
  }
  return scan;
}

const PRICE: NumberRule = { min: 0, aboveMin: true, max: 1e12, what: 'a price', example: '101.5' };
const UNITS: NumberRule = { min: 0, aboveMin: true, max: 1e12, what: 'a number of units', example: '10' };

/** `exitplan plan <bars> --side ... --stop ...`: the levels, then the trade leg by leg. */
export function runPlanCommand(argv: string[], io: CliIo): number {
  const flags = parseFlags('plan', argv, {
    side: 'value',
    entry: 'value',
    stop: 'value',
    ladder: 'value',
    trail: 'value',
    breakeven: 'value',
    exhaustion: 'value',
    decay: 'value',
    fees: 'value',
    size: 'value',
    swing: 'value',
    at: 'value',
    json: 'switch',
  });
  if (flags.help) {
    io.stdout(PLAN_HELP);
    return 0;
  }
  const v = (name: string) => flags.value(name);
  if (flags.positionals.length !== 1)
    throw new UsageError('give exactly one bars file, e.g. exitplan plan bars.csv --side long --stop 2%');
  if (!v('side')) throw new UsageError('--side long|short is required');
  if (!v('stop'))
    throw new UsageError('--stop is required: a price (95), a percent (2%) or an ATR multiple (atr14x1.5)');
  const entryText = v('entry');
  // A number is checked here (a negative or huge one would give a meaningless R); a word such
  // as "last" goes to the plan's own parser, which says what it accepts.
  const entry =
    entryText !== undefined && /^[\s+-]*[\d.]/.test(entryText)
      ? numberFlag('entry', entryText, PRICE)
      : entryText;
  const size = v('size') === undefined ? undefined : numberFlag('size', v('size')!, UNITS);
  const at = v('at') === undefined ? undefined : parseTime('at', v('at')!);
  const path = flags.positionals[0];
  const scan = findEntry(io, path, at);
  const text: PlanText = {
    side: v('side')!,
    // No --entry, or --entry last: the close of the entry bar, as the widget's entry="last".
    entry: entry === undefined || (typeof entry === 'string' && isLastEntry(entry)) ? scan.entryClose : entry,
    stop: v('stop')!,
    ladder: v('ladder'),
    trail: v('trail'),
    breakeven: v('breakeven'),
    exhaustion: v('exhaustion'),
    decay: v('decay'),
    fees: v('fees'),
    size,
    swing: v('swing'),
    at: scan.entryTime,
  };
  const plan = parsePlan(text);
  const json = flags.on('json');
  // A price typed on the command line must have traded on its bar (PositionOptions.entryInBar).
  const tracker = new ExitTracker(plan, { recordTrail: json, entryInBar: true });
  const bar: Bar = { time: NaN, open: NaN, high: NaN, low: NaN, close: NaN };
  streamBars(
    io,
    'plan',
    path,
    (c) => {
      for (let i = 0; i < c.time.length; i++) {
        bar.time = c.time[i];
        bar.open = c.open[i];
        bar.high = c.high[i];
        bar.low = c.low[i];
        bar.close = c.close[i];
        tracker.add(bar);
      }
    },
    false,
  );
  const overlay = tracker.overlay();
  if (json) {
    io.stdout(JSON.stringify({ plan: text, entryBar: scan.index, ...overlay }, null, 2) + '\n');
    return 0;
  }
  io.stdout(report(describePlan(plan), scan, overlay));
  return 0;
}

function report(description: string, scan: EntryScan, o: Overlay): string {
  const index = scan.index;
  const { levels, state } = o;
  const out: string[] = [];
  out.push(`Plan       ${description}`);
  out.push(`Entry bar  ${iso(scan.entryTime)} UTC (bar ${index + 1} of ${scan.count})`);
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
  if (index === scan.count - 1) {
    out.push('Entered on the last bar: nothing has played out yet.');
    return out.join('\n') + '\n';
  }
  out.push(`Outcome over ${scan.count - 1 - index} bars after the entry bar`);
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
      m.time >= scan.entryTime &&
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
