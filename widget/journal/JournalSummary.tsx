import { formatR, journal as J } from '../../engine/index.js';
import { num } from './journal-format.js';

type EquityPoint = J.JournalSummary['equityR'][number];

/** Cumulative R, actual against the plan, trade after trade (an SVG: no HTML from data). */
function Equity({ points }: { points: EquityPoint[] }) {
  const w = 520;
  const h = 160;
  const values = [0, ...points.flatMap((p) => [p.actual, p.plan])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const y = (v: number): number => h - 8 - ((v - lo) / (hi - lo || 1)) * (h - 16);
  const x = (i: number): number => 8 + (i / Math.max(1, points.length)) * (w - 16);
  const line = (pick: (p: EquityPoint) => number): string =>
    [`${x(0)},${y(0)}`, ...points.map((p, i) => `${x(i + 1)},${y(pick(p))}`)].join(' ');
  return (
    <svg
      class="equity"
      viewBox={`0 0 ${w} ${h}`}
      width={w}
      height={h}
      role="img"
      aria-label="Equity in R: actual and plan"
    >
      <line class="zero" x1={0} x2={w} y1={y(0)} y2={y(0)} />
      <polyline class="plan" points={line((p) => p.plan)} />
      <polyline class="actual" points={line((p) => p.actual)} />
    </svg>
  );
}

const DIST_COLUMNS = ['count', 'mean', 'p10', 'median', 'p90', 'min', 'max'] as const;

/** The many-trade summary: adherence and what leaving the plan cost, distributions, equity, groups. */
export function JournalSummaryView({
  summary: s,
  barsName,
}: {
  summary: J.JournalSummary;
  barsName: string;
}) {
  const d = s.deviation;
  const dists: [string, J.Distribution, number][] = [
    ['Slippage per fill, bps', s.slippageBps, 1],
    ['Slippage per fill, R', s.slippageR, 3],
    ['R per trade', s.r, 2],
  ];
  return (
    <>
      <section class="stats" data-testid="summary">
        <span data-k="trades">Trades {s.trades}</span>
        <span data-k="adherence">Plan followed {num(s.adherenceRate * 100, 0)}%</span>
        {d && (
          <span data-k="deviation">
            Leaving the plan {formatR(d.interval.point)} per trade ({formatR(d.interval.low)} to{' '}
            {formatR(d.interval.high)}, 95% bootstrap over {d.count} trades)
            {d.tooFew ? `: too few trades to say (under ${J.MIN_TRADES_TO_SAY})` : ''}
          </span>
        )}
        <span data-k="slippage">Slippage median {num(s.slippageBps.median, 1)} bps</span>
        <span data-k="r">
          R mean {formatR(s.r.mean)}, median {formatR(s.r.median)}
        </span>
        <span class="muted">bars: {barsName}</span>
      </section>
      <div class="pair">
        <figure>
          <figcaption>Equity in R: actual (solid) and plan (dashed)</figcaption>
          <Equity points={s.equityR} />
        </figure>
        <div class="scroll">
          <table data-testid="distributions">
            <thead>
              <tr>
                <th>Distribution</th>
                {DIST_COLUMNS.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dists.map(([label, dist, digits]) => (
                <tr key={label}>
                  <td>{label}</td>
                  {DIST_COLUMNS.map((c) => (
                    <td key={c}>{c === 'count' ? dist.count : num(dist[c], digits)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div class="scroll">
        <table data-testid="groups">
          <thead>
            <tr>
              {['Group', 'Trades', 'Plan followed', 'Mean R', 'Total R', 'Plan total R'].map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[
              ...s.bySymbol.map((g) => ({ ...g, label: `symbol ${g.key}` })),
              ...s.byTag.map((g) => ({ ...g, label: `tag ${g.key}` })),
            ].map((g) => (
              <tr key={g.label}>
                <td>{g.label}</td>
                <td>{g.trades}</td>
                <td>{num(g.adherenceRate * 100, 0)}%</td>
                <td>{formatR(g.meanR)}</td>
                <td>{formatR(g.totalR)}</td>
                <td>{formatR(g.planTotalR)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
