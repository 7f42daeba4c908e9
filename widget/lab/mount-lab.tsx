import { render } from 'preact';
import type { Bar, LabReport, LabRequest } from '../../engine/index.js';
import { paletteFor } from '../chart/palette.js';
import { loadBars } from '../load-bars.js';
import { themeVars } from '../styles.js';
import { resolveTheme } from '../theme.js';
import type { BarsSource, ThemeName } from '../types.js';
import { LabApp, type LabStatus, type LabViewState } from './LabApp.js';
import { JournalLab } from './JournalLab.js';
import { JOURNAL_LAB_CSS } from './journal-lab-styles.js';
import { describeLabError } from './lab-errors.js';
import { startLabRunner, type LabRunner } from './lab-runner.js';
import { HEAT_MAP_CSS } from './heat-map-css.js';
import { LAB_CSS } from './lab-styles.js';

export interface LabOptions extends BarsSource {
  /** The form's starting values; `entries` defaults to seeded random entries. */
  request?: Partial<LabRequest>;
  /** URL of exitplan-lab-worker.js; null runs the lab on the page (with Cancel still working). */
  workerUrl?: string | null;
  theme?: ThemeName;
  /** Run once as soon as the bars are loaded. */
  autoRun?: boolean;
}

export interface LabHandle {
  /** Resolves once the bars are loaded and the engine has started (rejects with a readable error). */
  readonly ready: Promise<void>;
  run(request?: Partial<LabRequest>): Promise<LabReport | null>;
  cancel(): void;
  status(): LabStatus;
  report(): LabReport | null;
  engineMode(): 'worker' | 'main-thread' | null;
  destroy(): void;
}

const DEFAULT_REQUEST: LabRequest = {
  entries: 'random:7:0.02',
  policies: 'all',
  costs: 'bps5,slipbps2',
  sizing: 'risk1%',
  split: 0.7,
  bootstrap: 1000,
};

/**
 * Mounts the lab in `el`. The backtest runs in the lab worker when `workerUrl` is given
 * (progress streams back, Cancel stops it between slices), otherwise on the page.
 */
export function mountLab(el: HTMLElement, options: LabOptions): LabHandle {
  const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = LAB_CSS + HEAT_MAP_CSS + JOURNAL_LAB_CSS;
  const root = document.createElement('div');
  // The journal view (a journal export reported on the lab's bars) renders below the lab.
  const journalRoot = document.createElement('div');
  shadow.replaceChildren(style, root, journalRoot);
  const palette = paletteFor(resolveTheme(options.theme ?? 'light'));
  for (const [k, v] of Object.entries(themeVars(palette)))
    for (const r of [root, journalRoot]) r.style.setProperty(k, v);
  const initial: LabRequest = { ...DEFAULT_REQUEST, ...options.request };
  let bars: Bar[] = [];
  let times = new Float64Array(0);
  let runner: LabRunner | null = null;
  let state: LabViewState = {
    status: 'idle',
    progress: 0,
    report: null,
    stale: false,
    error: null,
    elapsedMs: null,
  };
  /** Counts runs: a run's answer is shown only while it is still the latest (not cancelled). */
  let runId = 0;
  let destroyed = false;

  const draw = (): void => {
    if (destroyed) return;
    render(
      <LabApp
        bars={bars}
        times={times}
        palette={palette}
        mode={runner?.mode ?? 'main-thread'}
        state={state}
        initial={initial}
        onRun={(r) => void run(r)}
        onCancel={cancel}
      />,
      root,
    );
    render(<JournalLab bars={bars} />, journalRoot);
  };
  const set = (patch: Partial<LabViewState>): void => {
    state = { ...state, ...patch };
    draw();
  };

  /**
   * Stops the run in flight at once: the view says so now, the worker is ended (or, on the page,
   * the session stops at its next slice), and whatever the run would still answer is dropped.
   */
  const cancel = (): void => {
    if (state.status !== 'running') return;
    runId++;
    runner?.cancel();
    set({ status: 'cancelled' });
  };

  const run = async (patch: Partial<LabRequest> = {}): Promise<LabReport | null> => {
    await ready;
    if (!runner || state.status === 'running') return null;
    const request: LabRequest = { ...initial, ...patch };
    const started = performance.now();
    const id = ++runId;
    let lastDraw = 0;
    // Results on screen from before are not this run's: marked so until it is done.
    set({ status: 'running', progress: 0, error: null, stale: state.report !== null });
    try {
      const report = await runner.run(bars, request, (p) => {
        if (id !== runId) return;
        // Progress can arrive thousands of times; repaint at most every 50 ms.
        const now = performance.now();
        if (now - lastDraw > 50 || p.fraction === 1) {
          lastDraw = now;
          set({ progress: p.fraction });
        }
      });
      if (id !== runId) return null;
      set({ status: 'done', progress: 1, report, stale: false, elapsedMs: performance.now() - started });
      return report;
    } catch (e) {
      if (id !== runId) return null;
      const name = e instanceof Error ? e.name : '';
      if (name === 'BacktestCancelled') set({ status: 'cancelled' });
      else set({ status: 'error', error: describeLabError(e) });
      return null;
    }
  };

  const ready = (async () => {
    draw();
    try {
      bars = await loadBars(options);
      times = new Float64Array(bars.length);
      for (let i = 0; i < bars.length; i++) times[i] = bars[i].time;
      runner = await startLabRunner(options.workerUrl ?? null);
      draw();
    } catch (e) {
      set({ status: 'error', error: describeLabError(e) });
      throw e;
    }
  })();
  ready.catch(() => undefined);
  if (options.autoRun) void ready.then(() => run());

  return {
    ready,
    run,
    cancel,
    status: () => state.status,
    report: () => state.report,
    engineMode: () => runner?.mode ?? null,
    destroy: () => {
      destroyed = true;
      runner?.close();
      render(null, root);
      render(null, journalRoot);
    },
  };
}
