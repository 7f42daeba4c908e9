import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatR, parsePlan, PlanError, type Overlay, type PlanText } from '../../engine/index.js';
import { browserFeedEnvironment, resolveMarket } from '../feeds/index.js';
import { browser } from '../platform/browser.js';
import type { ChartContext } from '../shared/context.js';
import { timeframeFromLabel } from '../shared/timeframe.js';
import { StorageFullError } from '../storage/errors.js';
import { planKey } from '../storage/keys.js';
import { ExitPolicyStore, ReversalModelStore } from '../storage/model-store.js';
import { validateStoredPlan } from '../storage/plan-record.js';
import type { PlansStore } from '../storage/plans-store.js';
import type { Settings } from '../storage/settings.js';
import { copyPine } from './copy-pine.js';
import { JournalTab } from './components/JournalTab.js';
import { JournalTabSwitch, type PanelTab } from './components/JournalTabSwitch.js';
import { LevelsTable, levelRows } from './components/LevelsTable.js';
import { ManualPanel } from './components/ManualPanel.js';
import { Notices, type Notice } from './components/Notices.js';
import { PanelHeader } from './components/PanelHeader.js';
import { PlanForm } from './components/PlanForm.js';
import { SymbolEntry } from './components/SymbolEntry.js';
import { draftPlan } from './draft-plan.js';
import { NO_MODELS } from './journal-controller.js';
import { LiveSession } from './live-session.js';
import { optionsDraft } from './options-draft.js';
import { OverlayEffects } from './overlay-effects.js';
import { initialPanelState, PanelStore, type PanelState } from './panel-state.js';
import { cleanPlanText } from './plan-fields.js';
import { useTabMessages } from './use-tab-messages.js';

export interface PanelAppProps {
  tabId: number;
  initialContext: ChartContext;
  settings: Settings;
  store: PlansStore;
  startupNotices: Notice[];
}

/**
 * The chart comes first and takes ~45% of the panel, so at the default size it is in view with
 * the levels under it; the form sits below and folds away once the plan is saved.
 */
const chartHeight = (): number => Math.max(170, Math.round(window.innerHeight * 0.45));

/** An engine refusal (crossing the worker keeps only name and message) as the form shows it. */
function planProblem(error: unknown): { field: string; message: string } | null {
  if (error instanceof PlanError) return { field: error.field, message: error.message };
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name !== 'PlanError' || typeof message !== 'string') return null;
  return { field: /^(\w+):/.exec(message)?.[1] ?? 'plan', message };
}

export function PanelApp({ tabId, initialContext, settings, store, startupNotices }: PanelAppProps) {
  const model = useMemo(() => new PanelStore(initialPanelState(initialContext, startupNotices)), []);
  const [state, setState] = useState<PanelState>(model.state);
  useEffect(() => model.subscribe(setState), [model]);
  const dispatch = model.dispatch.bind(model);
  const notify = (notice: Notice): void => dispatch({ type: 'notify', notice });
  const chartRef = useRef<HTMLDivElement>(null);
  const [tab, setTab] = useState<PanelTab>('plan');
  const sessionRef = useRef<LiveSession | null>(null);
  const effects = useMemo(
    () =>
      new OverlayEffects(
        browser,
        tabId,
        settings,
        (event) =>
          notify({ id: `alert:${event.key}`, level: 'info', text: `${event.title}: ${event.message}` }),
        (status) => dispatch({ type: 'mirror', status }),
      ),
    [tabId],
  );

  const { context, stored, form, overlay } = state;
  const symbol = context.symbol;
  const market = useMemo(() => (symbol ? resolveMarket(symbol) : null), [symbol]);
  const feedOff =
    market &&
    ((market.feed === 'binance' && !settings.binanceFeed) ||
      (market.feed === 'yahoo' && !settings.yahooFeed));
  const live = !!market && !state.manual && !feedOff;
  const timeframe = context.timeframe ??
    timeframeFromLabel(settings.defaultTimeframe) ?? { seconds: 3600, label: '1h' };
  const lastClose = (): number | null => sessionRef.current?.bars.last()?.close ?? null;

  // The content script of this tab tells us when the page switches symbol or timeframe.
  useTabMessages(tabId, (next) => dispatch({ type: 'context', context: next }));

  const onOverlay = (next: Overlay | null): void => {
    dispatch({ type: 'overlay', overlay: next });
    const plan = model.state.stored;
    if (plan && next && symbol && !model.state.standIn) effects.apply(symbol, String(plan.updatedAt), next);
  };

  /** Draws `text` on the chart; false (and the reason next to the form) when the engine refuses it. */
  const draw = async (text: PlanText): Promise<boolean> => {
    try {
      await sessionRef.current?.setPlan(text);
      if (model.state.standIn) {
        dispatch({ type: 'stand-in', on: false });
        dispatch({ type: 'dismiss', id: 'plan-refused' });
      }
      return true;
    } catch (error) {
      const problem = planProblem(error);
      const reason = (error as { message?: unknown } | null)?.message ?? error;
      if (!problem) notify({ id: 'chart', level: 'error', text: `Chart update failed: ${String(reason)}` });
      else dispatch({ type: 'form-error', error: problem });
      return false;
    }
  };

  // Per symbol: load its plan (setting aside a corrupt one), then start the live chart.
  useEffect(() => {
    let cancelled = false;
    dispatch({ type: 'symbol-changed' });
    effects.restart();
    if (!symbol) return undefined;
    void (async () => {
      let loaded = null;
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
      dispatch({ type: 'plan-loaded', plan: loaded });
      if (!live || !market || !chartRef.current) return;
      const session = new LiveSession({
        market,
        timeframe,
        el: chartRef.current,
        theme: settings.theme,
        chartHeight: chartHeight(),
        workerUrl: browser.runtime.getURL('engine-worker.js'),
        adaptiveWorkerUrl: browser.runtime.getURL('adaptive-worker.js'),
        models: new ReversalModelStore(browser.storage.local),
        policies: new ExitPolicyStore(browser.storage.local),
        pollMs: settings.yahooPollSeconds * 1000,
        env: browserFeedEnvironment(),
        planFor: (close) => {
          const saved = model.state.stored;
          if (saved) return saved.text;
          const draft = optionsDraft(settings, close);
          if (draft.problem) notify({ id: 'options-draft', level: 'warn', text: draft.problem });
          dispatch({ type: 'draft', plan: draft.plan });
          return draft.plan;
        },
        onPlanRefused: (plan, message) => {
          dispatch({ type: 'form-error', error: planProblem({ name: 'PlanError', message }) });
          if (!model.state.stored) return null; // the draft itself: the form says what to change
          dispatch({ type: 'stand-in', on: true });
          notify({
            id: 'plan-refused',
            level: 'error',
            text: `The saved plan for ${symbol} cannot be drawn on these bars: ${message}. Change it in the form below; until then the chart shows a draft from the Options, and no alert fires.`,
          });
          return optionsDraft(settings, lastClose()).plan;
        },
        onStatus: (status) => dispatch({ type: 'feed-status', status }),
        onWarning: (text, key) => notify({ id: key ?? `feed:${text}`, level: 'info', text }),
        onOverlay,
        onShield: (event) => {
          const plan = model.state.stored;
          if (plan && !model.state.standIn) effects.shield(symbol, String(plan.updatedAt), event);
        },
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
        if (model.state.stored) {
          dispatch({ type: 'removed', draft: null });
          effects.clear();
        }
        return;
      }
      const checked = validateStoredPlan(change.newValue, symbol);
      if ('plan' in checked && checked.plan.updatedAt !== model.state.stored?.updatedAt) {
        dispatch({ type: 'saved', plan: checked.plan });
        effects.restart();
        void draw(checked.plan.text);
      }
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [symbol]);

  /** The text form alone (no bars needed): the engine's parser names the field. */
  const check = (text: PlanText): boolean => {
    try {
      parsePlan(text);
      dispatch({ type: 'form-error', error: null });
      return true;
    } catch (error) {
      const problem = planProblem(error);
      if (!problem) throw error;
      dispatch({ type: 'form-error', error: problem });
      return false;
    }
  };

  /** Checked by the parser, then by the engine on the chart's bars, and only then saved. */
  const save = async (edited: PlanText | null = model.state.form): Promise<void> => {
    if (!edited || !symbol) return;
    const last = sessionRef.current?.bars.last();
    const text = cleanPlanText(
      {
        ...edited,
        ...(edited.at === undefined || edited.at === '' ? (last ? { at: last.time } : {}) : {}),
      },
      sessionRef.current?.bars.all(),
    );
    if (!check(text) || !(await draw(text))) return;
    try {
      const result = await store.save(symbol, text);
      if (result.corrupt) {
        notify({
          id: `corrupt:${symbol}`,
          level: 'warn',
          text: `An unreadable plan for ${symbol} was kept aside (${result.corrupt.reason}) before saving.`,
        });
      }
      effects.restart();
      dispatch({ type: 'saved', plan: result.plan });
      const current = sessionRef.current?.overlay();
      if (current) onOverlay(current);
    } catch (error) {
      const problem = planProblem(error);
      if (problem) dispatch({ type: 'form-error', error: problem });
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
    if (model.state.stored) void save(dragged);
    else dispatch({ type: 'draft', plan: dragged });
  };
  const onPlanDraggedRef = useRef(onPlanDragged);
  onPlanDraggedRef.current = onPlanDragged;

  const remove = async (): Promise<void> => {
    if (!symbol) return;
    await store.remove(symbol);
    effects.clear();
    const { plan: draft } = optionsDraft(settings, lastClose());
    dispatch({ type: 'removed', draft });
    await draw(draft);
  };

  const preview = async (): Promise<void> => {
    const text = model.state.form && cleanPlanText(model.state.form, sessionRef.current?.bars.all());
    if (!text || !check(text)) return;
    if (await draw(text)) dispatch({ type: 'previewed' });
  };

  const pine = async (): Promise<void> => {
    if (form && symbol && overlay) notify(await copyPine(form, symbol, overlay));
  };

  const applyTypedSymbol = async (typed: string): Promise<void> => {
    const answer = await browser.tabs
      .sendMessage(tabId, { type: 'set-symbol', symbol: typed.trim().toUpperCase() }, { frameId: 0 })
      .catch(() => null);
    if (answer && typeof answer === 'object') dispatch({ type: 'context', context: answer as ChartContext });
  };

  const filled = new Set((overlay?.lines ?? []).filter((l) => l.filled).map((l) => l.id));
  const position = overlay?.state;
  const mirror = state.mirror;
  const footer = [
    stored ? 'Saved plan' : 'Draft (not saved)',
    position?.status ?? '',
    `realised ${formatR(position?.realisedR ?? 0)}`,
    `open ${formatR(position?.openR ?? 0)}`,
    ...(mirror
      ? [mirror.available ? `on the page's chart: ${mirror.drawn} lines` : 'page chart API not found']
      : []),
  ].join(' · ');
  return (
    <div class="panel" data-symbol={symbol ?? ''} data-plan-saved={stored ? 'yes' : 'no'}>
      <PanelHeader
        symbol={symbol}
        timeframe={timeframe.label}
        market={market}
        status={live ? state.status : null}
        manual={state.manual}
        onToggleManual={() => dispatch({ type: 'toggle-manual' })}
      />
      <Notices notices={state.notices} onDismiss={(id) => dispatch({ type: 'dismiss', id })} />
      {context.site === 'generic' && <SymbolEntry onSymbol={(typed) => void applyTypedSymbol(typed)} />}
      {!symbol && context.note && <p class="hint">{context.note}</p>}
      {live && state.status?.state === 'failed' && (
        <p class="hint feed-failed" role="alert">
          {state.status.reason} The plan still works in Manual mode, with prices you type in.
        </p>
      )}
      {feedOff && (
        <p class="hint">
          The {market?.feed === 'binance' ? 'Binance' : 'Yahoo Finance'} feed is off in the options: manual
          mode.
        </p>
      )}
      {symbol && !live && <ManualPanel key={symbol} initial={stored?.text ?? draftPlan(settings, null)} />}
      <div class="chart" ref={chartRef} hidden={!live} />
      {symbol && <JournalTabSwitch tab={tab} onTab={setTab} />}
      {symbol && (
        // Mounted on both tabs (hidden on Plan) so each plan edit after entry is journaled when saved.
        <div hidden={tab !== 'journal'}>
          <JournalTab
            symbol={symbol}
            stored={stored}
            overlay={state.standIn ? null : overlay}
            bars={() => sessionRef.current?.bars.all() ?? []}
            quote={() => sessionRef.current?.quote() ?? null}
            models={() => sessionRef.current?.models() ?? NO_MODELS}
            journalPage={browser.runtime.getURL('journal/index.html')}
          />
        </div>
      )}
      {tab === 'plan' && live && overlay && !state.standIn && (
        <LevelsTable
          rows={levelRows(
            overlay.levels,
            position && position.status === 'open' ? position.stop : null,
            filled,
          )}
          footer={footer}
        />
      )}
      {tab === 'plan' && live && form && (
        <section class="edit" data-open={state.formOpen ? 'yes' : 'no'}>
          <button
            type="button"
            class="edit-toggle"
            aria-expanded={state.formOpen}
            onClick={() => dispatch({ type: 'toggle-form' })}
          >
            {stored ? 'Edit plan' : 'New plan for this symbol'}
          </button>
          {state.formOpen && (
            <PlanForm
              text={form}
              saved={!!stored}
              dirty={state.dirty}
              error={state.formError}
              onChange={(text) => dispatch({ type: 'edit', text })}
              onApply={() => void preview()}
              onSave={() => void save()}
              onDelete={() => void remove()}
              onPine={() => void pine()}
            />
          )}
        </section>
      )}
    </div>
  );
}
