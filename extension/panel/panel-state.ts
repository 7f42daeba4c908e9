import type { Overlay, PlanText } from '../../engine/index.js';
import type { FeedStatus } from '../feeds/index.js';
import type { PageChartStatus } from '../mirror/page-chart.js';
import type { ChartContext } from '../shared/context.js';
import type { StoredPlan } from '../storage/plan-record.js';
import type { Notice } from './components/Notices.js';

/**
 * Everything the panel shows, in one value changed only by `panelReducer`. The saved plan
 * lives here once: the live chart's callbacks read it from the store's current state, so no
 * copy has to be kept in step by hand.
 */
export interface PanelState {
  context: ChartContext;
  /** The trader switched to typed prices (no feed). */
  manual: boolean;
  status: FeedStatus | null;
  overlay: Overlay | null;
  /** The saved plan for this symbol, or null while it is a draft. */
  stored: StoredPlan | null;
  /** What the form shows (saved text, draft, or an edit). */
  form: PlanText | null;
  /** The form was typed in since the chart last drew it. */
  dirty: boolean;
  formError: { field: string; message: string } | null;
  /** The form is unfolded: always for a draft, on request once a plan is saved. */
  formOpen: boolean;
  notices: Notice[];
  /** What the page's own chart shows of the plan (null: not asked yet). */
  mirror: PageChartStatus | null;
  /** The engine refused the saved plan on these bars: the chart shows the options' draft instead. */
  standIn: boolean;
}

export type PanelAction =
  | { type: 'context'; context: ChartContext }
  | { type: 'toggle-manual' }
  | { type: 'feed-status'; status: FeedStatus }
  | { type: 'overlay'; overlay: Overlay | null }
  /** Another symbol or timeframe: its plan is loaded afresh. */
  | { type: 'symbol-changed' }
  | { type: 'plan-loaded'; plan: StoredPlan | null }
  /** A draft from the options (or a dragged draft): the form shows it, nothing typed yet. */
  | { type: 'draft'; plan: PlanText }
  | { type: 'edit'; text: PlanText }
  | { type: 'form-error'; error: { field: string; message: string } | null }
  | { type: 'previewed' }
  /** Saved here, or in another tab: the form shows it and folds away. */
  | { type: 'saved'; plan: StoredPlan }
  | { type: 'removed'; draft: PlanText | null }
  | { type: 'toggle-form' }
  | { type: 'notify'; notice: Notice }
  | { type: 'dismiss'; id: string }
  | { type: 'mirror'; status: PageChartStatus | null }
  | { type: 'stand-in'; on: boolean };

export function initialPanelState(context: ChartContext, notices: Notice[]): PanelState {
  return {
    context,
    manual: false,
    status: null,
    overlay: null,
    stored: null,
    form: null,
    dirty: false,
    formError: null,
    formOpen: true,
    notices,
    mirror: null,
    standIn: false,
  };
}

export function panelReducer(state: PanelState, action: PanelAction): PanelState {
  switch (action.type) {
    case 'context':
      return { ...state, context: action.context };
    case 'toggle-manual':
      return { ...state, manual: !state.manual };
    case 'feed-status':
      return { ...state, status: action.status };
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'symbol-changed':
      return {
        ...state,
        overlay: null,
        stored: null,
        form: null,
        dirty: false,
        formError: null,
        formOpen: true,
        status: null,
        mirror: null,
        standIn: false,
      };
    case 'plan-loaded':
      return action.plan
        ? { ...state, stored: action.plan, form: action.plan.text, formOpen: false }
        : { ...state, stored: null, formOpen: true };
    case 'draft':
      return { ...state, form: action.plan, dirty: false };
    case 'edit':
      return { ...state, form: action.text, dirty: true };
    case 'form-error':
      // A refusal unfolds the form: the message sits next to the field to change.
      return { ...state, formError: action.error, formOpen: state.formOpen || action.error !== null };
    case 'previewed':
      return { ...state, dirty: false, formError: null };
    case 'saved':
      return {
        ...state,
        stored: action.plan,
        form: action.plan.text,
        dirty: false,
        formError: null,
        formOpen: false,
        notices: state.notices.filter((n) => n.id !== 'storage'),
      };
    case 'removed':
      return {
        ...state,
        stored: null,
        form: action.draft ?? state.form,
        dirty: false,
        formOpen: true,
        mirror: null,
      };
    case 'toggle-form':
      return { ...state, formOpen: !state.formOpen };
    case 'notify':
      return {
        ...state,
        notices: [...state.notices.filter((n) => n.id !== action.notice.id), action.notice],
      };
    case 'dismiss':
      return { ...state, notices: state.notices.filter((n) => n.id !== action.id) };
    case 'mirror':
      return { ...state, mirror: action.status };
    case 'stand-in':
      return { ...state, standIn: action.on };
  }
}

/**
 * The state and its one way to change, outside Preact: callbacks from the live chart and from
 * storage events read `state` as it is now, not as it was when they were created.
 */
export class PanelStore {
  private listeners = new Set<(state: PanelState) => void>();

  constructor(public state: PanelState) {}

  dispatch(action: PanelAction): void {
    const next = panelReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener(next);
  }

  subscribe(listener: (state: PanelState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
