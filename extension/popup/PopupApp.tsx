import { useEffect, useState } from 'preact/hooks';
import { formatPrice } from '../../engine/index.js';
import type { AlertLogEntry } from '../background/alert-dedupe.js';
import { browser } from '../platform/browser.js';
import { panelState, setPanel } from '../shared/toggle-panel.js';
import { ALERTS_LOG_KEY } from '../storage/keys.js';
import type { StoredPlan } from '../storage/plan-record.js';
import type { CorruptPlan, PlansStore } from '../storage/plans-store.js';

interface Listing {
  plans: StoredPlan[];
  invalid: { symbol: string; reason: string }[];
  corrupt: CorruptPlan[];
}

/** The toolbar popup: open/close the panel on this tab, the saved plans by symbol, recent alerts. */
export function PopupApp({ store, tabId }: { store: PlansStore; tabId: number | null }) {
  const [listing, setListing] = useState<Listing | null>(null);
  const [alerts, setAlerts] = useState<AlertLogEntry[]>([]);
  const [panel, setPanelState] = useState<{ open: boolean } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = async (): Promise<void> => {
    try {
      setListing(await store.list());
    } catch (error) {
      setMessage((error as Error).message);
    }
    const log = (await browser.storage.local.get(ALERTS_LOG_KEY))[ALERTS_LOG_KEY];
    setAlerts(Array.isArray(log) ? (log as AlertLogEntry[]).slice(0, 5) : []);
    if (tabId !== null) setPanelState(await panelState(browser, tabId));
  };
  useEffect(() => void refresh(), []);

  const toggle = async (): Promise<void> => {
    if (tabId === null) return;
    const result = await setPanel(browser, tabId, panel?.open ? false : true);
    if ('error' in result) setMessage(result.error);
    else {
      setPanelState({ open: result.open });
      window.close();
    }
  };

  const copyRaw = async (key: string): Promise<void> => {
    const raw = await store.corruptRaw(key);
    await navigator.clipboard.writeText(JSON.stringify(raw, null, 2));
    setMessage('Copied the kept-aside plan as JSON.');
  };

  return (
    <main class="popup">
      <header>
        <strong>exitplan</strong>
        <button
          type="button"
          class="primary"
          name="toggle"
          onClick={() => void toggle()}
          disabled={tabId === null}
        >
          {panel?.open ? 'Close panel' : 'Open panel'}
        </button>
      </header>
      <p class="muted small">Shortcut: Alt+Shift+E toggles the panel.</p>
      {message && <p class="message">{message}</p>}
      <h2>Saved plans</h2>
      {listing && listing.plans.length === 0 && (
        <p class="muted">No plans yet. Open the panel on a chart and save one.</p>
      )}
      <ul class="plans">
        {listing?.plans.map((plan) => (
          <li key={plan.symbol} data-symbol={plan.symbol}>
            <div>
              <strong>{plan.symbol}</strong>{' '}
              <span class={`side side-${plan.text.side}`}>{String(plan.text.side)}</span>
              <div class="muted small">
                entry{' '}
                {typeof plan.text.entry === 'number' ? formatPrice(plan.text.entry) : String(plan.text.entry)}{' '}
                · stop {plan.text.stop} · {plan.text.ladder ?? 'no ladder'}
              </div>
              <div class="muted small">saved {new Date(plan.updatedAt).toLocaleString()}</div>
            </div>
            <button
              type="button"
              class="danger"
              title={`Delete the plan for ${plan.symbol}`}
              onClick={() => void store.remove(plan.symbol).then(refresh)}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      {listing && (listing.corrupt.length > 0 || listing.invalid.length > 0) && (
        <>
          <h2>Kept aside</h2>
          <p class="muted small">
            These could not be read as plans. Nothing was deleted: copy them out to repair by hand, or
            discard.
          </p>
          <ul class="plans">
            {listing.invalid.map((bad) => (
              <li key={`invalid:${bad.symbol}`}>
                <div>
                  <strong>{bad.symbol}</strong>
                  <div class="muted small">{bad.reason} (set aside when the panel next opens on it)</div>
                </div>
              </li>
            ))}
            {listing.corrupt.map((bad) => (
              <li key={bad.key} data-corrupt={bad.key}>
                <div>
                  <strong>{bad.symbol}</strong>
                  <div class="muted small">{bad.reason}</div>
                </div>
                <span class="buttons">
                  <button type="button" onClick={() => void copyRaw(bad.key)}>
                    Copy
                  </button>
                  <button
                    type="button"
                    class="danger"
                    onClick={() => void store.discardCorrupt(bad.key).then(refresh)}
                  >
                    Discard
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {alerts.length > 0 && (
        <>
          <h2>Recent alerts</h2>
          <ul class="alerts">
            {alerts.map((a) => (
              <li key={a.key}>
                <strong>{a.title}</strong>
                <div class="muted small">
                  {a.message} · {new Date(a.at).toLocaleTimeString()}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      <footer>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Options
        </button>
      </footer>
    </main>
  );
}
