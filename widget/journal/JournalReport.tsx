import { useState } from 'preact/hooks';
import { formatR, type journal as J } from '../../engine/index.js';
import { JournalAudit } from './JournalAudit.js';
import { JournalSummaryView } from './JournalSummary.js';
import { iso, num } from './journal-format.js';
import { TradeDetail } from './TradeDetail.js';

export interface JournalReportProps {
  reports: J.TradeReport[];
  summary: J.JournalSummary;
  audit: J.AuditReport;
  unmatched: J.ImportedFill[];
  barsName: string;
}

const TRADE_COLUMNS = [
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
  'Exit eff.',
  'Rules left',
];

/**
 * The journal's report as the engine computes it (engine/journal): the summary over all
 * trades, the trade list with filters (click a trade for its legs and rules), and the exit
 * audit. Shared by the extension's journal page and the widget lab; the host supplies the CSS.
 */
export function JournalReport({ reports, summary, audit, unmatched, barsName }: JournalReportProps) {
  const [symbol, setSymbol] = useState('');
  const [tag, setTag] = useState('');
  const [onlyLeft, setOnlyLeft] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const shown = reports.filter(
    (r) => (!symbol || r.symbol === symbol) && (!tag || r.tags.includes(tag)) && (!onlyLeft || !r.followed),
  );
  const detail = shown.find((r) => r.id === picked) ?? shown[0] ?? null;
  return (
    <>
      <JournalSummaryView summary={summary} barsName={barsName} />
      <div class="filters">
        <label>
          Symbol
          <select
            value={symbol}
            data-testid="filter-symbol"
            onChange={(e) => setSymbol(e.currentTarget.value)}
          >
            <option value="">all</option>
            {summary.bySymbol.map((g) => (
              <option key={g.key} value={g.key}>
                {g.key} ({g.trades})
              </option>
            ))}
          </select>
        </label>
        <label>
          Setup tag
          <select value={tag} data-testid="filter-tag" onChange={(e) => setTag(e.currentTarget.value)}>
            <option value="">all</option>
            {summary.byTag
              .filter((g) => g.key !== '(untagged)')
              .map((g) => (
                <option key={g.key} value={g.key}>
                  {g.key} ({g.trades})
                </option>
              ))}
          </select>
        </label>
        <label>
          <span>
            <input
              type="checkbox"
              checked={onlyLeft}
              onChange={(e) => setOnlyLeft(e.currentTarget.checked)}
            />{' '}
            only trades that left the plan
          </span>
        </label>
      </div>
      <div class="scroll short">
        <table data-testid="trades">
          <thead>
            <tr>
              {TRADE_COLUMNS.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr
                key={r.id}
                data-trade={r.id}
                class={`${r.followed ? '' : 'left'}${r === detail ? ' picked' : ''}`}
                aria-selected={r === detail}
                onClick={() => setPicked(r.id)}
              >
                <td>{r.id}</td>
                <td>{r.symbol}</td>
                <td>{r.side}</td>
                <td>{iso(r.entryTime)}</td>
                <td>{formatR(r.actualR)}</td>
                <td>{formatR(r.planR)}</td>
                <td>{formatR(r.deviationR)}</td>
                <td>{num(r.slippageR, 3)}</td>
                <td>{num(r.mfeR)}</td>
                <td>{num(r.maeR)}</td>
                <td>{num(r.exitEfficiency)}</td>
                <td>
                  {r.rules
                    .filter((x) => !x.followed)
                    .map((x) => x.rule)
                    .join(', ') || '-'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail && <TradeDetail report={detail} />}
      <JournalAudit audit={audit} />
      {unmatched.length > 0 && (
        <section data-testid="unmatched">
          <h2>Unmatched fills ({unmatched.length}), kept</h2>
          <ul>
            {unmatched.map((f) => (
              <li key={`${f.row}-${f.time}`}>
                row {f.row}: {iso(f.time)} {f.symbol ?? '-'} {f.side} {f.size} at {f.price}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
