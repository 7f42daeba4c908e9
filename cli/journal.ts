import { formatR, type Bar, type PlanText } from '../engine/index.js';
import {
  auditTrades,
  DEFAULT_HORIZON,
  formatFillPrice,
  JOURNAL_VERSION,
  JournalError,
  MIN_TRADES_TO_SAY,
  parseJournalJson,
  previewImport,
  reportTrades,
  summarize,
  symbolKey,
  tradesFromFills,
  type Journal,
  type JournalTrade,
  type TradeReport,
} from '../engine/journal/index.js';
import { previewJournalCsv } from '../engine/journal/export.js';
import { parseFlags } from './flags.js';
import { readText, UsageError, type CliIo } from './io.js';
import { periodFlag } from './numbers.js';
import { readBars } from './read-bars.js';

export const JOURNAL_HELP = `  exitplan journal report <journal.json|fills.csv> --bars <bars.csv> [--plan "<plan>"] [--symbol S] [--json]
  exitplan journal audit  <journal.json|fills.csv> --bars <bars.csv> [--plan "<plan>"] [--horizon 24] [--json]
      Plan against actual per trade (slippage, rules followed, plan R replayed on the bars, MFE/MAE),
      then adherence, the cost of deviating, slippage and R over all trades; audit: what each exit
      left on the table and plan variants replayed on the same trades (docs/journal.md).
      A fills CSV (Binance Spot export, TradingView List of trades, time,side,price,qty,fee[,symbol])
      needs --plan, e.g. --plan "stop=atr14x1.5 ladder=1R:50 trail=atr14x2.5@1". Bars: --bars file,
      or --bars SYMBOL=file once per symbol. Rows that cannot be read are listed and nothing is
      reported unless --accept-problems.
`;

const iso = (t: number | null): string =>
  t === null ? '-' : new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
const num = (x: number | null, digits = 2): string =>
  x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** "stop=atr14x1.5 ladder=1R:50 trail=atr14x2.5@1" -> plan fields (side and entry come from the fills). */
function parsePlanFlag(text: string | undefined): Omit<PlanText, 'side' | 'entry'> & { entry?: string } {
  if (!text)
    throw new UsageError('a fills CSV has no plans: give --plan "stop=... [ladder=...] [trail=...]"');
  const fields: Record<string, string> = {};
  for (const part of text.trim().split(/\s+/)) {
    const m = /^(\w+)=(.+)$/.exec(part);
    if (!m) throw new UsageError(`--plan: "${part}" is not key=value; e.g. --plan "stop=2% ladder=1R:50"`);
    fields[m[1]] = m[2];
  }
  if (!fields.stop) throw new UsageError('--plan needs stop=..., e.g. stop=atr14x1.5');
  return { ...fields, stop: fields.stop };
}

interface Loaded {
  journal: Journal;
  warnings: string[];
}

function loadJournal(
  io: CliIo,
  file: string,
  values: { plan?: string; symbol?: string; 'accept-problems'?: boolean },
): Loaded {
  const text = readText(io, file);
  if (/^\s*[[{]/.test(text)) {
    if (values.plan)
      throw new UsageError("--plan is for a fills CSV; a journal carries each trade's own plan");
    return { journal: parseJournalJson(text), warnings: [] };
  }
  if (/^\W*trade_id,/i.test(text)) {
    const preview = previewJournalCsv(text);
    report(preview.problems, values['accept-problems']);
    return { journal: preview.journal, warnings: [] };
  }
  const preview = previewImport(text, { symbol: values.symbol });
  report(preview.problems, values['accept-problems']);
  const plan = parsePlanFlag(values.plan);
  const bySymbol = new Map<string, typeof preview.fills>();
  for (const f of preview.fills) {
    const symbol = f.symbol ?? values.symbol ?? 'UNKNOWN';
    bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), f]);
  }
  const trades = [...bySymbol.entries()].flatMap(([symbol, fills]) =>
    tradesFromFills(
      fills.map(({ row: _row, symbol: _s, ref: _r, ...fill }) => fill),
      plan,
      symbol,
    ),
  );
  return {
    journal: { v: JOURNAL_VERSION, trades, unmatched: [] },
    warnings: preview.warnings.map((w) => `row ${w.row} ${w.field}: ${w.message}`),
  };

  function report(
    problems: { row: number; field: string; message: string }[],
    accept: boolean | undefined,
  ): void {
    if (problems.length === 0 || accept) return;
    const list = problems.map((p) => `  row ${p.row} ${p.field}: ${p.message}`).join('\n');
    throw new JournalError(
      file,
      `${problems.length} row problem(s); nothing imported (fix them, or --accept-problems to use the readable rows):\n${list}`,
    );
  }
}

/** --bars file, or --bars SYMBOL=file per symbol. */
function barsLookup(io: CliIo, specs: string[] | undefined): (t: JournalTrade) => Bar[] {
  if (!specs || specs.length === 0)
    throw new UsageError('give --bars <bars.csv> (or --bars SYMBOL=bars.csv per symbol)');
  const bySymbol = new Map<string, Bar[]>();
  let single: Bar[] | null = null;
  for (const spec of specs) {
    const m = /^([A-Za-z0-9:/_.-]+)=(.+)$/.exec(spec);
    if (m) bySymbol.set(symbolKey(m[1]), readBars(io, 'journal', m[2]));
    else if (specs.length === 1) single = readBars(io, 'journal', spec);
    else throw new UsageError(`--bars ${spec}: with several --bars give each as SYMBOL=file`);
  }
  return (t) => {
    if (single) return single;
    const bars = bySymbol.get(symbolKey(t.symbol));
    if (!bars)
      throw new UsageError(
        `no --bars for ${t.symbol} (trade ${t.id}); add --bars ${symbolKey(t.symbol)}=file.csv`,
      );
    return bars;
  };
}

function tradeRows(reports: readonly TradeReport[]): string {
  return table(
    [
      'Trade',
      'Symbol',
      'Side',
      'Entry (UTC)',
      'R',
      'Plan R',
      'Diff',
      'Slip R',
      'MFE R',
      'MAE R',
      'Eff',
      'Plan',
    ],
    reports.map((r) => [
      r.id,
      r.symbol,
      r.side,
      iso(r.entryTime),
      formatR(r.actualR),
      formatR(r.planR) + (r.planOpen ? '*' : ''),
      formatR(r.deviationR),
      num(r.slippageR, 3),
      num(r.mfeR),
      num(r.maeR),
      num(r.exitEfficiency),
      r.followed ? 'followed' : 'left',
    ]),
  );
}

function legRows(r: TradeReport): string {
  const lines = table(
    [
      '  Leg',
      'Time (UTC)',
      'Side',
      'Planned',
      'Filled',
      'Size',
      'Slip',
      'bps',
      'R',
      'vs mid',
      'p(rev)',
      'Regime',
    ],
    r.legs.map((l) => [
      `  ${l.leg}`,
      iso(l.time),
      l.side,
      // Planned levels are computed (19174.065787426378): shown as the rule lines show prices.
      l.plannedPrice === null ? '-' : formatFillPrice(l.plannedPrice),
      formatFillPrice(l.price),
      String(l.size),
      num(l.slippage),
      num(l.slippageBps, 1),
      num(l.slippageR, 3),
      num(l.slippageVsMid),
      // What the fill recorded of the chart's models, so the text says what --json says.
      num(l.reversalP),
      l.regime ?? '-',
    ]),
  );
  const rules = r.rules.map((x) => `  ${x.followed ? 'ok  ' : 'LEFT'} ${x.rule}: ${x.detail}`).join('\n');
  return `${r.id}\n${lines}${rules}\n`;
}

export function runJournalCommand(argv: string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  if (sub !== 'report' && sub !== 'audit')
    throw new UsageError(`journal: give report or audit\n${JOURNAL_HELP}`);
  const flags = parseFlags(`journal ${sub}`, rest, {
    bars: 'list',
    plan: 'value',
    symbol: 'value',
    horizon: 'value',
    seed: 'value',
    json: 'switch',
    'accept-problems': 'switch',
  });
  const positionals = flags.positionals;
  if (flags.help) {
    io.stdout(JOURNAL_HELP);
    return 0;
  }
  const values = {
    bars: flags.list('bars'),
    plan: flags.value('plan'),
    symbol: flags.value('symbol'),
    horizon: flags.value('horizon'),
    seed: flags.value('seed'),
    json: flags.on('json'),
    'accept-problems': flags.on('accept-problems'),
  };
  if (positionals.length !== 1)
    throw new UsageError(`give exactly one journal.json or fills.csv\n${JOURNAL_HELP}`);
  try {
    const barsFor = barsLookup(io, values.bars);
    const { journal, warnings } = loadJournal(io, positionals[0], values);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    const seed = periodFlag('seed', values.seed, 1);
    if (sub === 'report') {
      const reports = reportTrades(journal.trades, barsFor);
      const summary = summarize(reports, seed);
      if (values.json)
        io.stdout(JSON.stringify({ trades: reports, summary, unmatched: journal.unmatched }, null, 2) + '\n');
      else io.stdout(formatReport(reports, summary, journal));
      return 0;
    }
    const horizon = periodFlag('horizon', values.horizon, DEFAULT_HORIZON);
    const audit = auditTrades(journal.trades, barsFor, horizon, seed);
    if (values.json) io.stdout(JSON.stringify(audit, null, 2) + '\n');
    else io.stdout(formatAudit(audit));
    return 0;
  } catch (error) {
    if (error instanceof JournalError) {
      io.stderr(`exitplan journal ${sub}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function formatReport(reports: TradeReport[], s: ReturnType<typeof summarize>, journal: Journal): string {
  const out: string[] = [tradeRows(reports)];
  if (reports.some((r) => r.planOpen))
    out.push('* the bars ended before the plan closed: its open remainder at the last close');
  out.push('');
  for (const r of reports) out.push(legRows(r));
  out.push(`Trades ${s.trades}, plan followed in ${num(s.adherenceRate * 100, 0)}%`);
  if (s.deviation) {
    const d = s.deviation;
    out.push(
      `Leaving the plan: ${formatR(d.interval.point)} per trade on ${d.count} trade(s), 95% interval ${formatR(d.interval.low)} to ${formatR(d.interval.high)}${d.tooFew ? ` (too few trades to say: under ${MIN_TRADES_TO_SAY})` : ''}`,
    );
  }
  out.push(
    `Slippage per fill: median ${num(s.slippageBps.median, 1)} bps (p10 ${num(s.slippageBps.p10, 1)}, p90 ${num(s.slippageBps.p90, 1)}), median ${num(s.slippageR.median, 3)} R`,
  );
  out.push(
    `R per trade: mean ${formatR(s.r.mean)}, median ${formatR(s.r.median)}, p10 ${formatR(s.r.p10)}, p90 ${formatR(s.r.p90)}`,
  );
  const last = s.equityR.at(-1);
  if (last)
    out.push(`Equity: ${formatR(last.actual)} actual, ${formatR(last.plan)} had the plan been followed`);
  out.push('', table(['Symbol', 'Trades', 'Followed', 'Mean R', 'Total R', 'Plan R'], groupRows(s.bySymbol)));
  out.push(table(['Tag', 'Trades', 'Followed', 'Mean R', 'Total R', 'Plan R'], groupRows(s.byTag)));
  if (journal.unmatched.length > 0) {
    out.push(`Unmatched fills (${journal.unmatched.length}), kept in the journal:`);
    for (const f of journal.unmatched)
      out.push(`  ${iso(f.time)} ${f.symbol ?? '-'} ${f.side} ${f.size} at ${f.price}`);
  }
  return out.join('\n') + '\n';
}

const groupRows = (groups: ReturnType<typeof summarize>['bySymbol']): string[][] =>
  groups.map((g) => [
    g.key,
    String(g.trades),
    `${num(g.adherenceRate * 100, 0)}%`,
    formatR(g.meanR),
    formatR(g.totalR),
    formatR(g.planTotalR),
  ]);

function formatAudit(a: ReturnType<typeof auditTrades>): string {
  const out: string[] = [
    table(
      ['Trade', 'Leg', 'Exit (UTC)', 'Price', 'Left after', 'Given back', 'Premature'],
      a.exits.map((e) => [
        e.tradeId,
        e.leg,
        iso(e.time),
        String(e.price),
        num(e.prematureR),
        num(e.lateR),
        e.premature ? 'yes' : '',
      ]),
    ),
    `Over the next ${a.horizon} bars the exits left ${formatR(a.totalPrematureR)} on the table; before them ${formatR(a.totalLateR)} was given back.`,
    '',
    table(
      ['Feature at exit', 'Premature', 'Others'],
      a.contrast.map((c) => [c.feature, num(c.premature), num(c.good)]),
    ),
    'Plan variants replayed on the same trades (R kept against what you did, per trade, 95% interval):',
  ];
  for (const s of a.suggestions) {
    const k = s.keptVsActual;
    out.push(
      `  ${s.change}: ${formatR(k.interval.point)} (${formatR(k.interval.low)} to ${formatR(k.interval.high)}) on ${s.trades} trade(s), ${formatR(s.keptVsPlan.interval.point)} against the plan${k.tooFew ? ` - too few trades to say (under ${MIN_TRADES_TO_SAY})` : ''}`,
    );
  }
  return out.join('\n') + '\n';
}
