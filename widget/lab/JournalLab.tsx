import { useMemo, useState } from 'preact/hooks';
import { journal as J, parseBarsCsv, parseBarsJson, type Bar } from '../../engine/index.js';
import {
  computeJournal,
  DEFAULT_FILLS_PLAN,
  ImportPreview,
  JournalReport,
  readJournalFile,
  type PendingJournal,
} from '../journal/index.js';

interface Props {
  /** The bars the lab has loaded: the journal is reported on them unless a bars file is chosen. */
  bars: readonly Bar[];
}

const describe = (bars: readonly Bar[]): string =>
  bars.length > 0
    ? `${bars.length.toLocaleString('en-US')} bars from ${new Date(bars[0].time * 1000).toISOString().slice(0, 10)}`
    : 'no bars';

/**
 * The lab's journal view: a journal export (the extension's JSON or CSV) or a fills export
 * (Binance Spot, TradingView, plain CSV) on the lab's bars or a bars file, reported by the
 * engine exactly as the extension's journal page reports it. A file with bad rows lists each
 * by row and field and nothing is taken in until the trader confirms.
 */
export function JournalLab({ bars: labBars }: Props) {
  const [journal, setJournal] = useState<J.Journal | null>(null);
  const [journalName, setJournalName] = useState('');
  const [ownBars, setOwnBars] = useState<{ name: string; bars: Bar[] } | null>(null);
  const [pending, setPending] = useState<PendingJournal | null>(null);
  const [error, setError] = useState('');
  const [plan, setPlan] = useState(DEFAULT_FILLS_PLAN);
  const [symbol, setSymbol] = useState('');
  const [horizon, setHorizon] = useState(J.DEFAULT_HORIZON);
  const bars = ownBars?.bars ?? labBars;
  const barsName = ownBars ? ownBars.name : `the lab's ${describe(labBars)}`;

  const onJournalFile = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError('');
    try {
      const p = readJournalFile(file.name, await file.text(), plan, symbol);
      if (p.problems.length === 0) {
        setJournal(p.take());
        setJournalName(file.name);
      }
      setPending(p.problems.length > 0 || p.warnings.length > 0 ? p : null);
    } catch (e) {
      setError(`${file.name}: ${(e as Error).message}`);
    }
  };

  const onBarsFile = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError('');
    try {
      const text = await file.text();
      setOwnBars({ name: file.name, bars: /^\s*\[/.test(text) ? parseBarsJson(text) : parseBarsCsv(text) });
    } catch (e) {
      setError(`${file.name}: ${(e as Error).message}`);
    }
  };

  const result = useMemo(
    () => (journal && bars.length > 0 ? computeJournal(journal, bars, horizon) : null),
    [journal, bars, horizon],
  );

  return (
    <details class="ep lab-journal" data-role="journal">
      <summary class="ep-title">Journal: load an export and see the report</summary>
      <div class="jl-inputs">
        <label>
          Journal or fills file
          <input
            type="file"
            accept=".json,.csv,.txt"
            name="journal-file"
            onChange={(e) => void onJournalFile(e.currentTarget)}
          />
        </label>
        <label>
          Bars (default: the lab's)
          <input
            type="file"
            accept=".csv,.json"
            name="journal-bars"
            onChange={(e) => void onBarsFile(e.currentTarget)}
          />
        </label>
        <label>
          Plan for a fills file
          <input
            type="text"
            size={40}
            name="journal-plan"
            value={plan}
            onInput={(e) => setPlan(e.currentTarget.value)}
          />
        </label>
        <label>
          Symbol (files without one)
          <input
            type="text"
            size={12}
            name="journal-symbol"
            value={symbol}
            onInput={(e) => setSymbol(e.currentTarget.value)}
          />
        </label>
        <label>
          Audit horizon (bars)
          <input
            type="number"
            min={1}
            name="journal-horizon"
            value={horizon}
            onInput={(e) => setHorizon(Math.max(1, Math.floor(Number(e.currentTarget.value)) || 1))}
          />
        </label>
        {ownBars && (
          <button type="button" onClick={() => setOwnBars(null)}>
            Use the lab's bars
          </button>
        )}
      </div>
      <p class="lab-note" data-role="journal-status">
        {journal
          ? `${journalName}: ${journal.trades.length} trade(s), reported on ${barsName}. Everything stays in this page.`
          : `Load the JSON or CSV the extension's journal page exports, or a Binance Spot, TradingView or time,side,price,qty,fee[,symbol] fills file. Reported on ${barsName}.`}
      </p>
      {error && (
        <div class="lab-error" role="alert" data-role="journal-error">
          {error}
        </div>
      )}
      {pending && (
        <ImportPreview
          pending={pending}
          onConfirm={() => {
            setJournal(pending.take());
            setJournalName(pending.name);
            setPending(null);
          }}
          onCancel={() => setPending(null)}
        />
      )}
      {result?.error && (
        <div class="lab-error" role="alert" data-role="journal-error">
          {result.error}
        </div>
      )}
      {result && result.summary && result.audit && journal && (
        <div class="jl-report" data-role="journal-report">
          <JournalReport
            reports={result.reports}
            summary={result.summary}
            audit={result.audit}
            unmatched={journal.unmatched}
            barsName={barsName}
          />
        </div>
      )}
    </details>
  );
}
