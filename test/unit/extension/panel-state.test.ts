import { describe, expect, it } from 'vitest';
import {
  initialPanelState,
  panelReducer,
  PanelStore,
  type PanelAction,
  type PanelState,
} from '../../../extension/panel/panel-state.js';
import type { StoredPlan } from '../../../extension/storage/plan-record.js';

const context = { site: 'binance', symbol: 'BINANCE:ETHUSDT', timeframe: null } as const;
const saved: StoredPlan = {
  v: 2,
  symbol: 'BINANCE:ETHUSDT',
  text: { side: 'long', entry: 100, stop: '2%' },
  updatedAt: 7,
};
const run = (actions: PanelAction[], from: PanelState = initialPanelState(context, [])): PanelState =>
  actions.reduce(panelReducer, from);

describe('the panel state', () => {
  it('opens the form for a draft and folds it once a plan is saved or loaded', () => {
    expect(run([]).formOpen).toBe(true);
    const draft = run([{ type: 'draft', plan: { side: 'long', entry: 1, stop: '2%' } }]);
    expect(draft).toMatchObject({ formOpen: true, dirty: false, stored: null });
    const edited = run([{ type: 'edit', text: saved.text }], draft);
    expect(edited.dirty).toBe(true);
    const after = run([{ type: 'saved', plan: saved }], edited);
    expect(after).toMatchObject({ stored: saved, form: saved.text, dirty: false, formOpen: false });
    expect(run([{ type: 'toggle-form' }], after).formOpen).toBe(true);
    expect(run([{ type: 'plan-loaded', plan: saved }]).formOpen).toBe(false);
  });

  it('unfolds the form when the engine refuses a plan, so the message is in view', () => {
    const folded = run([{ type: 'plan-loaded', plan: saved }]);
    const refused = run(
      [{ type: 'form-error', error: { field: 'entry', message: 'entry: outside' } }],
      folded,
    );
    expect(refused).toMatchObject({ formOpen: true, formError: { field: 'entry' } });
    // Clearing the error leaves the form as the trader left it.
    expect(run([{ type: 'form-error', error: null }], folded).formOpen).toBe(false);
  });

  it('forgets the old symbol when the page switches, and keeps the notices', () => {
    const busy = run([
      { type: 'notify', notice: { id: 'a', level: 'info', text: 'kept' } },
      { type: 'saved', plan: saved },
      { type: 'mirror', status: { available: true, drawn: 3 } },
      { type: 'stand-in', on: true },
    ]);
    const next = run([{ type: 'symbol-changed' }], busy);
    expect(next).toMatchObject({ stored: null, form: null, mirror: null, standIn: false, formOpen: true });
    expect(next.notices.map((n) => n.id)).toEqual(['a']);
  });

  it('replaces a notice with the same id and drops the storage notice once saved', () => {
    const state = run([
      { type: 'notify', notice: { id: 'storage', level: 'error', text: 'Storage is full' } },
      { type: 'notify', notice: { id: 'x', level: 'info', text: 'one' } },
      { type: 'notify', notice: { id: 'x', level: 'info', text: 'two' } },
    ]);
    expect(state.notices.map((n) => n.text)).toEqual(['Storage is full', 'two']);
    expect(run([{ type: 'saved', plan: saved }], state).notices.map((n) => n.id)).toEqual(['x']);
    expect(run([{ type: 'dismiss', id: 'x' }], state).notices.map((n) => n.id)).toEqual(['storage']);
  });

  it('gives callbacks the state as it is now, and tells subscribers of each change', () => {
    const store = new PanelStore(initialPanelState(context, []));
    const seen: (StoredPlan | null)[] = [];
    const stop = store.subscribe((s) => seen.push(s.stored));
    store.dispatch({ type: 'saved', plan: saved });
    expect(store.state.stored).toBe(saved); // at once, before any render
    stop();
    store.dispatch({ type: 'removed', draft: null });
    expect(store.state.stored).toBeNull();
    expect(seen).toEqual([saved]);
  });
});
