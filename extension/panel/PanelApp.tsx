import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  describePlan,
  formatR,
  parsePlan,
  PlanError,
  type Overlay,
  type PlanText,
} from '../../engine/index.js';
import { browserFeedEnvironment, resolveMarket, type FeedStatus } from '../feeds/index.js';
import { browser } from '../platform/browser.js';
import { exportPine } from '../pine/export.js';
import type { ChartContext } from '../shared/context.js';
import { timeframeFromLabel } from '../shared/timeframe.js';
import { StorageFullError } from '../storage/errors.js';
import { planKey } from '../storage/keys.js';
import { validateStoredPlan, type StoredPlan } from '../storage/plan-record.js';
import type { PlansStore } from '../storage/plans-store.js';
import type { Settings } from '../storage/settings.js';
import { copyText } from './clipboard.js';
import { PanelHeader } from './components/PanelHeader.js';
import { SymbolEntry } from './components/SymbolEntry.js';
import { LevelsTable, levelRows } from './components/LevelsTable.js';
import { ManualPanel } from './components/ManualPanel.js';
import { Notices, type Notice } from './components/Notices.js';
import { PlanForm } from './components/PlanForm.js';
import { draftPlan } from './draft-plan.js';
import { LiveSession } from './live-session.js';
import { OverlayEffects } from './overlay-effects.js';
import { cleanPlanText } from './plan-fields.js';
import { useTabMessages } from './use-tab-messages.js';

export interface PanelAppProps {
  tabId: number;
  initialContext: ChartContext;
  settings: Settings;
  store: PlansStore;
  startupNotices: Notice[];
}

/** The chart takes a good third of the panel; the rest is the level table and the form. */
const chartHeight = (): number => Math.max(170, Math.round(window.innerHeight * 0.4));

export function PanelApp({ tabId, initialContext, settings, store, startupNotices }: PanelAppProps) {
  const [context, setContext] = useState(initialContext);
  const [manual, setManual] = useState(false);
  const [status, setStatus] = useState<FeedStatus | null>(null);
  const [overlay, setOverlay] = useState<Overlay | null>(null);
  const [stored, setStored] = useState<StoredPlan | null>(null);
  const [form, setForm] = useState<PlanText | null>(null);
  const [dirty, setDirty] = useState(false);
  const [formError, setFormError] = useState<{ field: string; message: string } | null>(null);
  const [notices, setNotices] = useState<Notice[]>(startupNotices);
  const [mirror, setMirror] = useState<{ available: boolean; drawn: number } | null>(null);
  const chartRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<LiveSession | null>(null);
  const storedRef = useRef<StoredPlan | null>(null);
  const effects = useMemo(
    () =>
      new OverlayEffects(browser, tabId, settings, (event) =>
        notify({ id: `alert:${event.key}`, level: 'info', text: `${event.title}: ${event.message}` }),
      ),
    [tabId],
  );
  storedRef.current = stored;

  const notify = (notice: Notice): void =>
    setNotices((list) => [...list.filter((n) => n.id !== notice.id), notice]);
  const symbol = context.symbol;
  const market = useMemo(() => (symbol ? resolveMarket(symbol) : null), [symbol]);
  const feedOff =
    market &&
    ((market.feed === 'binance' && !settings.binanceFeed) ||
      (market.feed === 'yahoo' && !settings.yahooFeed));
  const live = !!market && !manual && !feedOff;
  const timeframe = context.timeframe ??
    timeframeFromLabel(settings.defaultTimeframe) ?? { seconds: 3600, label: '1h' };

  // The content script of this tab tells us when the page switches symbol or timeframe.
  useTabMessages(tabId, setContext, setMirror);

  const onOverlay = (next: Overlay | null): void => {
    setOverlay(next);
    const plan = storedRef.current;
    if (plan && next && symbol) effects.apply(symbol, String(plan.updatedAt), next);
  };

  // Per symbol: load its plan (setting aside a corrupt one), then start the live chart.
  useEffect(() => {
    let cancelled = false;
    setOverlay(null);
    setStored(null);
    setForm(null);
    setDirty(false);
    setFormError(null);
    setStatus(null);
    setMirror(null);
    effects.restart();
    if (!symbol) return undefined;
    void (async () => {
      let loaded: StoredPlan | null = null;
      try {
        const result = await store.load(symbol);
        loaded = result.plan;
        if (result.corrupt) {
          notify({
            id: `corrupt:${symbol}`,
            level: 'warn',
            text: `The saved plan for ${symbol} could not be read (${result.corrupt.reason}). It was kept aside unchanged (see the popup); a new plan will be saved separately.`,
          });
        }
      } catch (error) {
        notify({
          id: 'load',
          level: 'error',
          text: `Could not read saved plans: ${(error as Error).message}`,
        });
      }
      if (cancelled) return;
      storedRef.current = loaded;
      setStored(loaded);
      if (loaded) setForm(loaded.text);
      if (!live || !market || !chartRef.current) return;
      const session = new LiveSession({
        market,
        timeframe,
        el: chartRef.current,
        theme: settings.theme,
        chartHeight: chartHeight(),
        workerUrl: browser.runtime.getURL('engine-worker.js'),
        pollMs: settings.yahooPollSeconds * 1000,
        env: browserFeedEnvironment(),
        planFor: (lastClose) => {
          const plan = storedRef.current?.text ?? draftPlan(settings, lastClose);
          if (!storedRef.current) setForm(plan);
          return plan;
        },
        onStatus: setStatus,
        onWarning: (text) => notify({ id: `feed:${text}`, level: 'info', text }),
        onOverlay,
        onPlanDragged: (dragged) => onPlanDraggedRef.current(dragged),
        onError: (text) => notify({ id: 'chart', level: 'error', text }),
      });
      sessionRef.current = session;
      session.start();
    })();
    return () => {
      cancelled = true;
      sessionRef.current?.stop();
      sessionRef.current = null;
      effects.clear();
    };
  }, [symbol, timeframe.label, live]);

  // The panel frame was resized: give the chart the new height.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onResize = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => void sessionRef.current?.resize(chartHeight()), 300);
    };
    window.addEventListener('resize', onResize);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('resize', onResize);
    };
  }, []);

  // A plan changed in another tab or deleted from the popup: follow it.
  useEffect(() => {
    if (!symbol) return undefined;
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
      const change = changes[planKey(symbol)];
      if (area !== 'local' || !change) return;
      if (change.newValue === undefined) {
        if (storedRef.current) {
          setStored(null);
          storedRef.current = null;
          effects.clear();
        }
        return;
      }
      const checked = validateStoredPlan(change.newValue, symbol);
      if ('plan' in checked && checked.plan.updatedAt !== storedRef.current?.updatedAt) {
        storedRef.current = checked.plan;
        setStored(checked.plan);
        setForm(checked.plan.text);
        setDirty(false);
        effects.restart();
        void sessionRef.current?.setPlan(checked.plan.text);
      }
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [symbol]);

  const check = (text: PlanText): boolean => {
    try {
      parsePlan(text);
      setFormError(null);
      return true;
    } catch (error) {
      if (error instanceof PlanError) {
        setFormError({ field: error.field, message: error.message });
        return false;
      }
      throw error;
    }
  };

  const save = async (edited: PlanText | null = form): Promise<void> => {
    if (!edited || !symbol) return;
    const last = sessionRef.current?.bars.last();
    const text = cleanPlanText(
      {
        ...edited,
        ...(edited.at === undefined || edited.at === '' ? (last ? { at: last.time } : {}) : {}),
      },
      sessionRef.current?.bars.all(),
    );
    if (!check(text)) return;
    try {
      const result = await store.save(symbol, text);
      if (result.corrupt) {
        notify({
          id: `corrupt:${symbol}`,
          level: 'warn',
          text: `An unreadable plan for ${symbol} was kept aside (${result.corrupt.reason}) before saving.`,
        });
      }
      storedRef.current = result.plan;
      effects.restart();
      setStored(result.plan);
      setForm(result.plan.text);
      setDirty(false);
      setNotices((list) => list.filter((n) => n.id !== 'storage'));
      await sessionRef.current?.setPlan(result.plan.text);
    } catch (error) {
      if (error instanceof PlanError) setFormError({ field: error.field, message: error.message });
      else if (error instanceof StorageFullError)
        notify({ id: 'storage', level: 'error', text: error.message });
      else notify({ id: 'storage', level: 'error', text: `Not saved: ${(error as Error).message}` });
    }
  };

  /**
   * A level dragged on the panel's chart is an edit the trader made by hand, like a line
   * dragged on their broker's chart: a saved plan is saved again at once (it would otherwise
   * snap back on the next reload and its alerts would follow the old levels); a draft stays a
   * draft, with the form showing the dragged values.
   */
  const onPlanDragged = (dragged: PlanText): void => {
    if (storedRef.current) void save(dragged);
    else {
      setForm(dragged);
      setDirty(false);
    }
  };
  const onPlanDraggedRef = useRef(onPlanDragged);
  onPlanDraggedRef.current = onPlanDragged;

  const remove = async (): Promise<void> => {
    if (!symbol) return;
    await store.remove(symbol);
    storedRef.current = null;
    setStored(null);
    effects.clear();
    const last = sessionRef.current?.bars.last();
    const draft = draftPlan(settings, last ? last.close : null);
    setForm(draft);
    setDirty(false);
    await sessionRef.current?.setPlan(draft);
  };

  const preview = (): void => {
    const bars = sessionRef.current?.bars.all();
    if (!form || !check(cleanPlanText(form, bars))) return;
    setDirty(false);
    void sessionRef.current?.setPlan(cleanPlanText(form, bars));
  };

  const pine = async (): Promise<void> => {
    if (!form || !symbol || !overlay) return;
    try {
      const spec = parsePlan(cleanPlanText(form, sessionRef.current?.bars.all()));
      const text = exportPine({
        symbol,
        side: spec.side,
        description: describePlan(spec),
        lines: overlay.lines,
        asOf: new Date().toISOString(),
      });
      const ok = await copyText(text);
      notify({
        id: 'pine',
        level: 'info',
        text: ok
          ? 'Pine Script v6 copied: paste it into the Pine editor and add it to the chart.'
          : 'Copy was refused by the browser.',
      });
    } catch (error) {
      notify({ id: 'pine', level: 'error', text: (error as Error).message });
    }
  };

  const applyTypedSymbol = async (typed: string): Promise<void> => {
    const answer = await browser.tabs
      .sendMessage(tabId, { type: 'set-symbol', symbol: typed.trim().toUpperCase() }, { frameId: 0 })
      .catch(() => null);
    if (answer && typeof answer === 'object') setContext(answer as ChartContext);
  };

  const filled = new Set((overlay?.lines ?? []).filter((l) => l.filled).map((l) => l.id));
  const state = overlay?.state;
  return (
    <div class="panel" data-symbol={symbol ?? ''} data-plan-saved={stored ? 'yes' : 'no'}>
      <PanelHeader
        symbol={symbol}
        timeframe={timeframe.label}
        market={market}
        status={live ? status : null}
        manual={manual}
        onToggleManual={() => setManual(!manual)}
      />
      <Notices notices={notices} onDismiss={(id) => setNotices((list) => list.filter((n) => n.id !== id))} />
      {context.site === 'generic' && <SymbolEntry onSymbol={(typed) => void applyTypedSymbol(typed)} />}
      {!symbol && context.note && <p class="hint">{context.note}</p>}
      {live && status?.state === 'failed' && (
        <p class="hint feed-failed" role="alert">
          {status.reason} The plan still works in Manual mode, with prices you type in.
        </p>
      )}
      {feedOff && (
        <p class="hint">
          The {market?.feed === 'binance' ? 'Binance' : 'Yahoo Finance'} feed is off in the options: manual
          mode.
        </p>
      )}
      {symbol && !live && <ManualPanel key={symbol} initial={stored?.text ?? draftPlan(settings, null)} />}
      {live && overlay && (
        <LevelsTable
          rows={levelRows(overlay.levels, state && state.status === 'open' ? state.stop : null, filled)}
          footer={`${stored ? 'Saved plan' : 'Draft (not saved)'} · ${state?.status ?? ''} · realised ${formatR(state?.realisedR ?? 0)} · open ${formatR(state?.openR ?? 0)}${mirror ? (mirror.available ? ` · on the page's chart: ${mirror.drawn} lines` : ' · page chart API not found') : ''}`}
        />
      )}
      {live && form && (
        <details class="edit" open={!stored}>
          <summary>{stored ? 'Edit plan' : 'New plan for this symbol'}</summary>
          <PlanForm
            text={form}
            saved={!!stored}
            dirty={dirty}
            error={formError}
            onChange={(text) => {
              setForm(text);
              setDirty(true);
            }}
            onApply={preview}
            onSave={() => void save()}
            onDelete={() => void remove()}
            onPine={() => void pine()}
          />
        </details>
      )}
      <div class="chart" ref={chartRef} hidden={!live} />
    </div>
  );
}
