import { useMemo, useState } from 'preact/hooks';
import { journal as J, parseBarsCsv, parseBarsJson, type Bar } from '../../engine/index.js';
import {
  computeJournal,
  DEFAULT_FILLS_PLAN,
  ImportPreview,
  JournalReport,
  readJournalFile,
  type PendingJournal,
} from '../../widget/journal/index.js';
import { StoredJournal } from './StoredJournal.js';

/**
 * The journal page: load a journal (or a fills export with a plan) and the bars of its symbol,
 * confirm any rows that cannot be read, then see the trades, the summary and the exit audit.
 * Everything stays in this page: nothing is sent anywhere.
 */
export function JournalApp() {
  const [journal, setJournal] = useState<J.Journal | null>(null);
  const [bars, setBars] = useState<Bar[] | null>(null);
  const [barsName, setBarsName] = useState('');
  const [pending, setPending] = useState<PendingJournal | null>(null);
  const [error, setError] = useState('');
  const [plan, setPlan] = useState(DEFAULT_FILLS_PLAN);
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

  const result = useMemo(
    () => (journal && bars ? computeJournal(journal, bars, horizon) : null),
    [journal, bars, horizon],
  );

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
        <ImportPreview
          pending={pending}
          onConfirm={() => {
            setJournal(pending.take());
            setPending(null);
          }}
          onCancel={() => setPending(null)}
        />
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
        <JournalReport
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
