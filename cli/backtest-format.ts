import type { LabReport, PolicyStats } from '../engine/backtest/index.js';

const fixed = (v: number | null, digits: number): string =>
  v === null || !Number.isFinite(v) ? '-' : v.toFixed(digits);
const pct = (v: number | null, digits = 1): string =>
  v === null || !Number.isFinite(v) ? '-' : `${(v * 100).toFixed(digits)}%`;
const money = (v: number): string => Math.round(v).toLocaleString('en-US');

interface Column {
  title: string;
  cell: (s: PolicyStats, i: number) => string;
  /** Shown in the default table, which fits 100 columns; the rest need --wide. */
  narrow?: boolean;
}

/**
 * The comparison table: one row per policy, right-aligned numbers, CIs in brackets. By default
 * the columns that fit a 100-column terminal (trades, win rate, average and expected R, PF,
 * CAGR, Sharpe, max drawdown, trades resized by the notional cap); `wide` adds the rest.
 */
export function formatTable(report: LabReport, wide = false): string {
  const boot = report.bootstrap;
  const allColumns: Column[] = [
    { title: 'trades', narrow: true, cell: (s) => String(s.trades) },
    { title: 'win', narrow: true, cell: (s) => pct(s.winRate, 0) },
    { title: 'avgR', narrow: true, cell: (s) => fixed(s.avgR, 2) },
    { title: 'medR', cell: (s) => fixed(s.medianR, 2) },
    {
      title: 'expR [95% CI]',
      narrow: true,
      cell: (s, i) => {
        const b = boot[i];
        return b
          ? `${fixed(s.expectancyR, 3)} [${fixed(b.expectancyR.low, 3)}, ${fixed(b.expectancyR.high, 3)}]`
          : fixed(s.expectancyR, 3);
      },
    },
    { title: 'PF', narrow: true, cell: (s) => fixed(s.profitFactor, 2) },
    { title: 'SQN', cell: (s) => fixed(s.sqn, 2) },
    { title: 'return', cell: (s) => pct(s.totalReturn) },
    { title: 'CAGR', narrow: true, cell: (s) => pct(s.cagr) },
    { title: 'Sharpe', narrow: true, cell: (s) => fixed(s.sharpe, 2) },
    { title: 'Sortino', cell: (s) => fixed(s.sortino, 2) },
    { title: 'maxDD', narrow: true, cell: (s) => pct(s.maxDrawdown) },
    {
      title: 'tradeDD 95% CI',
      cell: (_s, i) => {
        const b = boot[i];
        return b ? `[${pct(b.maxDrawdown.low)}, ${pct(b.maxDrawdown.high)}]` : '-';
      },
    },
    { title: 'Calmar', cell: (s) => fixed(s.calmar, 2) },
    { title: 'MFE R', cell: (s) => fixed(s.avgMfeR, 2) },
    { title: 'MAE R', cell: (s) => fixed(s.avgMaeR, 2) },
    { title: 'eff', cell: (s) => pct(s.exitEfficiency, 0) },
    { title: 'fills', cell: (s) => String(s.fills) },
    { title: 'commission', cell: (s) => money(s.commission) },
    {
      title: 'resized',
      narrow: true,
      cell: (_s, i) => String(report.result.policies[i].resizedTrades),
    },
  ];
  const columns = allColumns.filter((c) => wide || c.narrow === true);
  const names = report.result.policies.map((p) => p.policy.id);
  const rows = report.result.policies.map((p, i) => columns.map((c) => c.cell(p.stats, i)));
  const nameWidth = Math.max(6, ...names.map((n) => n.length));
  const widths = columns.map((c, j) => Math.max(c.title.length, ...rows.map((r) => r[j].length)));
  const line = (name: string, cells: string[]): string =>
    [name.padEnd(nameWidth), ...cells.map((c, j) => c.padStart(widths[j]))].join('  ');
  const out = [
    line(
      'policy',
      columns.map((c) => c.title),
    ),
    ...rows.map((r, i) => line(names[i], r)),
  ];
  const r = report.result;
  out.push(
    '',
    `${r.bars} bars ${new Date(r.firstTime * 1000).toISOString().slice(0, 10)} .. ${new Date(r.lastTime * 1000).toISOString().slice(0, 10)}, ` +
      `${r.entries} entries, ${r.barsPerYear.toFixed(0)} bars/year; one position at a time per policy.`,
  );
  const sizing = report.options.sizing;
  out.push(
    sizing.kind === 'units'
      ? `sizing: ${sizing.units} units per trade.`
      : `sizing: ${sizing.fraction * 100}% of equity at risk to the initial stop, ` +
          (sizing.maxLeverage === undefined
            ? 'no notional cap.'
            : `notional at most ${sizing.maxLeverage}x equity ("resized": trades the cap cut).`),
  );
  if (!wide) out.push('more columns (median R, SQN, return, Sortino, Calmar, MFE/MAE, costs): --wide');
  const unplaced = r.policies.filter((p) => p.unplacedEntries > 0);
  if (unplaced.length > 0) {
    out.push(
      'entries the plan could not place (no trade): ' +
        unplaced.map((p) => `${p.policy.id} ${p.unplacedEntries}`).join(', ') +
        `; e.g. ${[...new Set(unplaced.map((p) => p.unplacedReasons[0]?.reason ?? ''))].join(' | ')}`,
    );
  }
  const wf = report.walkForward;
  if (wf) {
    out.push(
      `walk-forward split at ${new Date(wf.splitTime * 1000).toISOString().slice(0, 10)}: ` +
        wf.policies
          .map(
            (p) =>
              `${p.policy} Sharpe IS ${fixed(p.inSample.sharpe, 2)} / OOS ${fixed(p.outOfSample.sharpe, 2)}`,
          )
          .join('; '),
      `in-sample pick: ${wf.pickedInSample}, out-of-sample rank ${wf.outOfSampleRank} of ${wf.policies.length}.`,
    );
  }
  return out.map((line, k) => (k <= rows.length || wide ? line : wrap(line, 100))).join('\n') + '\n';
}

/** A line of words broken before `width` columns, the rest indented by two spaces. */
function wrap(line: string, width: number): string {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = `  ${word}`;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  lines.push(current);
  return lines.join('\n');
}

const STAT_KEYS: (keyof PolicyStats)[] = [
  'trades',
  'winRate',
  'avgR',
  'medianR',
  'expectancyR',
  'expectancy',
  'profitFactor',
  'sqn',
  'totalReturn',
  'cagr',
  'sharpe',
  'sortino',
  'maxDrawdown',
  'calmar',
  'avgMfeR',
  'avgMaeR',
  'exitEfficiency',
  'commission',
  'slippage',
  'fills',
  'endEquity',
];

/** One CSV row per policy with every statistic and the bootstrap intervals. */
export function formatCsv(report: LabReport): string {
  const header = [
    'policy',
    ...STAT_KEYS,
    'expectancyR_low',
    'expectancyR_high',
    'tradeDD_low',
    'tradeDD_high',
    'resizedTrades',
  ];
  const rows = report.result.policies.map((p, i) => {
    const b = report.bootstrap[i];
    return [
      p.policy.id,
      ...STAT_KEYS.map((k) => String(p.stats[k] ?? '')),
      ...(b
        ? [b.expectancyR.low, b.expectancyR.high, b.maxDrawdown.low, b.maxDrawdown.high].map(String)
        : ['', '', '', '']),
      String(p.resizedTrades),
    ].join(',');
  });
  return [header.join(','), ...rows].join('\n') + '\n';
}
