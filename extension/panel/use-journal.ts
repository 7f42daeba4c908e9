import { useEffect, useMemo, useState } from 'preact/hooks';
import { journal as J } from '../../engine/index.js';
import { browser } from '../platform/browser.js';
import { JOURNAL_TRADE_PREFIX } from '../storage/journal-keys.js';
import { JournalStore } from '../storage/journal-store.js';
import type { StoredPlan } from '../storage/plan-record.js';
import { newTrade, openTrade, syncWithPlan } from './journal-controller.js';

export interface JournalTabState {
  /** The trade fills go to now (null: none yet; the first fill makes it from the saved plan). */
  trade: J.JournalTrade | null;
  /** The symbol's trades, newest plan first, for the closed ones under the open one. */
  trades: J.JournalTrade[];
  error: string | null;
  /** Records a fill on the open trade (made from the saved plan if there is none). */
  addFill(fill: J.JournalFill): Promise<boolean>;
}

/**
 * The journal of one symbol in the panel: read from storage (and again when another tab or
 * the journal page writes it), kept in step with the saved plan (an edit after entry is
 * recorded with its time), and written one trade at a time.
 */
export function useJournal(symbol: string, stored: StoredPlan | null): JournalTabState {
  const store = useMemo(() => new JournalStore(browser.storage.local), []);
  const [trades, setTrades] = useState<J.JournalTrade[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        let mine = await store.tradesFor(symbol);
        const open = openTrade(mine, symbol);
        const synced = open && stored ? syncWithPlan(open, stored) : null;
        if (synced) {
          await store.saveTrade(synced);
          mine = mine.map((t) => (t.id === synced.id ? synced : t));
        }
        if (!cancelled) {
          setTrades(mine.sort((a, b) => b.planTime - a.planTime));
          setError(null);
        }
      } catch (e) {
        if (!cancelled) setError(`The journal could not be read: ${(e as Error).message}`);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [symbol, stored?.updatedAt, version]);

  // Another tab, or the journal page's import, wrote a trade: read again.
  useEffect(() => {
    const listener = (changes: Record<string, unknown>, area: string): void => {
      if (area === 'local' && Object.keys(changes).some((k) => k.startsWith(JOURNAL_TRADE_PREFIX)))
        setVersion((v) => v + 1);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);

  const trade = openTrade(trades, symbol);
  const addFill = async (fill: J.JournalFill): Promise<boolean> => {
    const base = trade ?? (stored ? newTrade(symbol, stored, fill.time) : null);
    if (!base) {
      setError('Save the plan first: a fill is journaled against the plan it was meant to follow.');
      return false;
    }
    try {
      const saved = await store.saveTrade({ ...base, fills: [...base.fills, fill] });
      setTrades((all) => [saved, ...all.filter((t) => t.id !== saved.id)]);
      setError(null);
      return true;
    } catch (e) {
      setError(`Not journaled: ${(e as Error).message}`);
      return false;
    }
  };
  return { trade, trades, error, addFill };
}
