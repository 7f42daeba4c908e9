import { useMemo, useState } from 'preact/hooks';
import { journal as J, parseBarsCsv, parseBarsJson, type Bar } from '../../engine/index.js';
import { JournalView } from './JournalView.js';
import { StoredJournal } from './StoredJournal.js';

type Problem = J.ImportProblem;

/** A file read but not yet taken in: the trader sees its problems and confirms, or cancels. */
interface Pending {
  name: string;
  problems: Problem[];
  warnings: Problem[];
  /** What confirming takes in: the readable rows only. */
  take: () => J.Journal;
}

const DEFAULT_PLAN = 'stop=atr14x1.5 ladder=1R:50 trail=atr14x2.5@1';

/** "stop=atr14x1.5 ladder=1R:50" -> plan fields for a fills file (side and entry come from the fills). */
function planFields(text: string): { stop: string; [key: string]: string } {
  const fields: Record<string, string> = {};
  for (const part of text.trim().split(/\s+/)) {
    const m = /^(\w+)=(.+)$/.exec(part);
    if (!m) throw new Error(`plan: "${part}" is not key=value, e.g. stop=2% ladder=1R:50`);
    fields[m[1]] = m[2];
  }
  if (!fields.stop) throw new Error('plan: give stop=..., e.g. stop=atr14x1.5');
  return { ...fields, stop: fields.stop };
}

/** Reads a journal JSON, a journal CSV or a fills export into a pending import. */
function readJournalFile(name: string, text: string, planText: string, symbol: string): Pending {
  if (/^\s*[[{]/.test(text)) {
    const journal = J.parseJournalJson(text);
    return { name, problems: [], warnings: [], take: () => journal };
  }
  if (/^\W*trade_id,/i.test(text)) {
    const preview = J.previewJournalCsv(text);
    return { name, problems: preview.problems, warnings: [], take: () => preview.journal };
  }
  const preview = J.previewImport(text, { symbol: symbol || undefined });
  const plan = planFields(planText);
  return {
    name,
    problems: preview.problems,
    warnings: preview.warnings,
    take: () => {
      const bySymbol = new Map<string, J.JournalFill[]>();
      for (const { row: _row, symbol: s, ref: _ref, ...fill } of preview.fills) {
        const key = s ?? (symbol || 'UNKNOWN');
        bySymbol.set(key, [...(bySymbol.get(key) ?? []), fill]);
      }
      const trades = [...bySymbol.entries()].flatMap(([s, fills]) => J.tradesFromFills(fills, plan, s));
      return { ...J.emptyJournal(), trades };
    },
  };
}

/**
 * The journal page: load a journal (or a fills export with a plan) and the bars of its symbol,
 * confirm any rows that cannot be read, then see the trades, the summary and the exit audit.
 * Everything stays in this page: nothing is sent anywhere.
 */
export function JournalApp() {
  const [journal, setJournal] = useState<J.Journal | null>(null);
  const [bars, setBars] = useState<Bar[] | null>(null);
  const [barsName, setBarsName] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState('');
  const [plan, setPlan] = useState(DEFAULT_PLAN);
  const [symbol, setSymbol] = useState('');
  const [horizon, setHorizon] = useState(J.DEFAULT_HORIZON);

  const onJournalFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setError('');
    try {
      const p = readJournalFile(file.name, await file.text(), plan, symbol);
      if (p.problems.length === 0) setJournal(p.take());
      else setPending(p);
      if (p.problems.length === 0 && p.warnings.length > 0) setPending(p);
    } catch (e) {
      setError(`${file.name}: ${(e as Error).message}`);
    }
  };

  const onBarsFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setError('');
    try {
      const text = await file.text();
      setBars(/^\s*\[/.test(text) ? parseBarsJson(text) : parseBarsCsv(text));
      setBarsName(file.name);
    } catch (e) {
      setError(`${file.name}: ${(e as Error).message}`);
    }
  };

  const result = useMemo(() => {
    if (!journal || !bars) return null;
    try {
      const reports = J.reportTrades(journal.trades, () => bars);
      return {
        reports,
        summary: J.summarize(reports),
        audit: J.auditTrades(journal.trades, () => bars, horizon),
        error: '',
      };
    } catch (e) {
      return { reports: [], summary: null, audit: null, error: (e as Error).message };
    }
  }, [journal, bars, horizon]);

  return (
    <main class="journal">
      <h1>exitplan journal</h1>
      <StoredJournal symbol={symbol} onShow={setJournal} />
      <div class="inputs">
        <label>
          Journal or fills file
          <input
            type="file"
            accept=".json,.csv,.txt"
            data-testid="journal-file"
            onChange={(e) => void onJournalFile(e.currentTarget.files?.[0])}
          />
        </label>
        <label>
          Bars (CSV or JSON)
          <input
            type="file"
            accept=".csv,.json"
            data-testid="bars-file"
            onChange={(e) => void onBarsFile(e.currentTarget.files?.[0])}
          />
        </label>
        <label>
          Plan for a fills file
          <input type="text" size={40} value={plan} onInput={(e) => setPlan(e.currentTarget.value)} />
        </label>
        <label>
          Symbol (files without one)
          <input type="text" size={14} value={symbol} onInput={(e) => setSymbol(e.currentTarget.value)} />
        </label>
        <label>
          Audit horizon (bars)
          <input
            type="number"
            min={1}
            value={horizon}
            onInput={(e) => setHorizon(Math.max(1, Math.floor(Number(e.currentTarget.value)) || 1))}
          />
        </label>
      </div>
      {error && <p class="error">{error}</p>}
      {pending && (
        <section class="problems" data-testid="import-preview">
          <h2>
            {pending.name}: {pending.problems.length} row(s) cannot be read
            {pending.warnings.length > 0 ? `, ${pending.warnings.length} warning(s)` : ''}
          </h2>
          <p class="muted">
            {pending.problems.length > 0
              ? 'Nothing is imported until you confirm.'
              : 'Imported; worth a look:'}
          </p>
          <ul>
            {[...pending.problems, ...pending.warnings].map((p) => (
              <li key={`${p.row}-${p.field}-${p.message}`}>
                row {p.row}, {p.field}: {p.message}
              </li>
            ))}
          </ul>
          {pending.problems.length > 0 ? (
            <>
              <button
                onClick={() => {
                  setJournal(pending.take());
                  setPending(null);
                }}
              >
                Import the readable rows
              </button>{' '}
              <button onClick={() => setPending(null)}>Cancel</button>
            </>
          ) : (
            <button onClick={() => setPending(null)}>OK</button>
          )}
        </section>
      )}
      {!journal && !pending && (
        <p class="muted">
          Load a journal export or a fills file (Binance Spot trade history, TradingView List of trades, or
          time,side,price,qty,fee[,symbol]).
        </p>
      )}
      {journal && !bars && (
        <p class="muted">{journal.trades.length} trade(s) loaded: now the bars of their symbol.</p>
      )}
      {result?.error && <p class="error">{result.error}</p>}
      {result && result.summary && result.audit && journal && (
        <JournalView
          reports={result.reports}
          summary={result.summary}
          audit={result.audit}
          unmatched={journal.unmatched}
          barsName={barsName}
        />
      )}
    </main>
  );
}
