import type { LabReport } from '../../engine/index.js';
import { policyColor } from './lab-colors.js';
import { num, pct } from './lab-data.js';

interface Props {
  report: LabReport;
  selected: number;
  onSelect: (index: number) => void;
}

/** One row per policy; click a row to show its trades in the scatter, histogram and replay. */
export function ComparisonTable({ report, selected, onSelect }: Props) {
  return (
    <div class="lab-table-wrap">
      <table class="lab-table">
        <thead>
          <tr>
            <th>policy</th>
            <th title="trades taken (one position at a time)">trades</th>
            <th title="share of trades with net R > 0">win</th>
            <th title="mean net R per trade, 95% bootstrap interval">expectancy R</th>
            <th title="gross wins / gross losses">PF</th>
            <th title="annualised from the bar interval">Sharpe</th>
            <th>Sortino</th>
            <th title="mark-to-market">max DD</th>
            <th>Calmar</th>
            <th title="mean MFE / MAE in R">MFE / MAE</th>
            <th title="sum R / sum MFE R">exit eff.</th>
            <th>return</th>
            <th title="commission paid, fills charged">commission</th>
          </tr>
        </thead>
        <tbody>
          {report.result.policies.map((p, i) => {
            const s = p.stats;
            const b = report.bootstrap[i];
            return (
              <tr
                key={p.policy.id}
                class={i === selected ? 'selected' : ''}
                onClick={() => onSelect(i)}
                data-policy={p.policy.id}
                title={p.policy.label}
              >
                <td>
                  <span class="swatch" style={{ background: policyColor(i) }} />
                  {p.policy.id}
                </td>
                <td>{s.trades}</td>
                <td>{pct(s.winRate, 0)}</td>
                <td>
                  {num(s.expectancyR, 3)}
                  {b ? (
                    <span class="ci">
                      {' '}
                      [{num(b.expectancyR.low, 2)}, {num(b.expectancyR.high, 2)}]
                    </span>
                  ) : null}
                </td>
                <td>{num(s.profitFactor)}</td>
                <td>{num(s.sharpe)}</td>
                <td>{num(s.sortino)}</td>
                <td>{pct(s.maxDrawdown)}</td>
                <td>{num(s.calmar)}</td>
                <td>
                  {num(s.avgMfeR)} / {num(s.avgMaeR)}
                </td>
                <td>{pct(s.exitEfficiency, 0)}</td>
                <td>{pct(s.totalReturn)}</td>
                <td>
                  {Math.round(s.commission).toLocaleString('en-US')} <span class="ci">({s.fills})</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="lab-scroll-hint">Swipe the table sideways for every column; the policy stays in view.</p>
    </div>
  );
}
