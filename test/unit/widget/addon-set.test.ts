import { describe, expect, it } from 'vitest';
import type { Bar, Overlay } from '../../../engine/index.js';
import type { AddonHost, WidgetAddon } from '../../../widget/addons/addon.js';
import { AddonSet } from '../../../widget/addons/addon-set.js';

// A host with nothing behind it: AddonSet only passes it to the factories.
const host = {} as AddonHost;
const bar: Bar = { time: 60, open: 1, high: 2, low: 0.5, close: 1.5 };
const overlay = {} as Overlay;

function recorder(id: string, log: string[]): WidgetAddon {
  return {
    id,
    loaded: () => log.push(`${id}:loaded`),
    pushed: (_bar, _overlay, replaced) => log.push(`${id}:pushed:${replaced}`),
    planChanged: () => log.push(`${id}:plan`),
    themeChanged: (theme) => log.push(`${id}:${theme}`),
    view: () => `${id} view`,
    destroy: () => log.push(`${id}:destroy`),
  };
}

describe('AddonSet', () => {
  it('calls every addon in the order given and finds them by id', () => {
    const log: string[] = [];
    const set = new AddonSet(
      [(h) => (expect(h).toBe(host), recorder('a', log)), () => recorder('b', log)],
      host,
      () => {
        throw new Error('no addon failed');
      },
    );
    set.loaded([bar], overlay);
    set.pushed(bar, overlay, true);
    set.planChanged(overlay);
    set.themeChanged('dark');
    expect(set.views()).toEqual(['a view', 'b view']);
    expect(set.find('b')?.id).toBe('b');
    expect(set.find('c')).toBeNull();
    set.destroy();
    expect(log).toEqual([
      'a:loaded',
      'b:loaded',
      'a:pushed:true',
      'b:pushed:true',
      'a:plan',
      'b:plan',
      'a:dark',
      'b:dark',
      'a:destroy',
      'b:destroy',
    ]);
    expect(set.size).toBe(0);
  });

  it("turns an addon's throw into a notice and still calls the others", () => {
    const log: string[] = [];
    const notices: string[] = [];
    const broken: WidgetAddon = {
      id: 'broken',
      pushed: () => {
        throw new Error('model file for other features');
      },
      view: () => null,
      destroy: () => undefined,
    };
    const set = new AddonSet(
      [
        () => broken,
        () => {
          throw new Error('no worker');
        },
        () => recorder('ok', log),
      ],
      host,
      (m) => notices.push(m),
    );
    set.pushed(bar, overlay, false);
    expect(log).toEqual(['ok:pushed:false']);
    expect(notices).toEqual([
      'an addon failed: no worker',
      'the broken addon failed: model file for other features',
    ]);
    // A null view leaves no empty slot.
    expect(set.views()).toEqual(['ok view']);
  });
});
