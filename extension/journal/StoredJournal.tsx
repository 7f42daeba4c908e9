import { useEffect, useMemo, useState } from 'preact/hooks';
import type { journal as J } from '../../engine/index.js';
import { ImportPreview } from '../../widget/journal/index.js';
import { browser } from '../platform/browser.js';
import { JournalStore, type PendingImport, type UnreadableTrade } from '../storage/journal-store.js';

interface Props {
  /** Show this browser's journal in the report below. */
  onShow(journal: J.Journal): void;
  /** Symbol for fills files that carry none (the page's Symbol field). */
  symbol: string;
}

/** Saves text as a file the trader downloads: built in the page, nothing is sent anywhere. */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const fillCount = (j: J.Journal): number => j.trades.reduce((s, t) => s + t.fills.length, 0);

/**
 * The journal kept in this browser (the panel's fills, imports): what it holds, export as JSON
 * or CSV, and import into it. An import is read first; its problems are listed by row and field
 * and nothing is written until the trader confirms.
 */
export function StoredJournal({ onShow, symbol }: Props) {
  const store = useMemo(() => new JournalStore(browser.storage.local), []);
  const [journal, setJournal] = useState<J.Journal | null>(null);
  const [unreadable, setUnreadable] = useState<UnreadableTrade[]>([]);
  const [pending, setPending] = useState<PendingImport | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  const reload = async (): Promise<void> => {
    try {
      const loaded = await store.load();
      setJournal(loaded.journal);
      setUnreadable(loaded.unreadable);
    } catch (e) {
      setError(`This browser's journal could not be read: ${(e as Error).message}`);
    }
  };
  useEffect(() => void reload(), []);

  const onFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setError('');
    setMessage('');
    try {
      setPending(await store.previewImport(file.name, await file.text(), symbol || undefined));
    } catch (e) {
      setError(`${file.name}: ${(e as Error).message}`);
    }
  };

  const commit = async (p: PendingImport): Promise<void> => {
    try {
      const done = await p.commit(p.problems.length > 0);
      setPending(null);
      setMessage(
        `${p.name}: ${done.added} trade(s) added, ${done.matched} fill(s) matched to trades, ${done.unmatched} kept as unmatched.`,
      );
      await reload();
    } catch (e) {
      setError(`${p.name}: ${(e as Error).message}`);
    }
  };

  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <section class="stored" data-testid="stored-journal">
      <h2>This browser's journal</h2>
      {journal && (
        <p data-testid="stored-count">
          {journal.trades.length} trade(s), {fillCount(journal)} fill(s), {journal.unmatched.length} unmatched
          fill(s).
        </p>
      )}
      {unreadable.length > 0 && (
        <ul class="error" data-testid="stored-unreadable">
          {unreadable.map((u) => (
            <li key={u.key}>
              {u.key} cannot be read ({u.message}); it is kept unchanged.
            </li>
          ))}
        </ul>
      )}
      <div class="inputs">
        <button disabled={!journal?.trades.length} onClick={() => journal && onShow(journal)}>
          Report it below
        </button>
        <button
          data-testid="export-json"
          onClick={() =>
            void store
              .exportJson()
              .then((t) => download(`exitplan-journal-${stamp}.json`, 'application/json', t))
          }
        >
          Export JSON
        </button>
        <button
          data-testid="export-csv"
          onClick={() =>
            void store.exportCsv().then((t) => download(`exitplan-journal-${stamp}.csv`, 'text/csv', t))
          }
        >
          Export CSV
        </button>
        <label>
          Import into this browser
          <input
            type="file"
            accept=".json,.csv,.txt"
            data-testid="store-import-file"
            onChange={(e) => void onFile(e.currentTarget.files?.[0])}
          />
        </label>
      </div>
      {error && <p class="error">{error}</p>}
      {message && <p data-testid="store-import-done">{message}</p>}
      {pending && (
        <ImportPreview
          pending={pending}
          testId="store-import"
          store={{
            kept:
              pending.existing.length > 0
                ? ` ${pending.existing.length} trade(s) are in this browser already and are kept as they are.`
                : '',
          }}
          onConfirm={() => void commit(pending)}
          onCancel={() => setPending(null)}
        />
      )}
    </section>
  );
}
