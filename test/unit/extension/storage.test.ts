import { describe, expect, it } from 'vitest';
import { PlanError } from '../../../engine/index.js';
import { claimAlert, MAX_FIRED } from '../../../extension/background/alert-dedupe.js';
import { migrateStorage } from '../../../extension/storage/migrations.js';
import { PlansStore } from '../../../extension/storage/plans-store.js';
import { normaliseLayout } from '../../../extension/storage/layout.js';
import { DEFAULT_SETTINGS, normaliseSettings, saveSettings } from '../../../extension/storage/settings.js';
import { StorageFullError } from '../../../extension/storage/errors.js';
import { MemoryStorage } from './memory-storage.js';
import { optionsDraft } from '../../../extension/panel/options-draft.js';

const NOW = 1_700_000_000_000;

describe('schema 1 -> 2 migration', () => {
  const v1 = {
    'BINANCE:BTCUSDT': 'long|43000|42000|1R:25,2R:25,3R:50|atr14x2.5',
    'NASDAQ:AAPL': 'short|190.5|2%||none',
    'BINANCE:BNBUSDT': 'long|oops',
    'NYSE:XYZ': 'long|10|12|1R:50|', // stop above a long entry: the engine refuses it
  };

  it('turns each flat string into a structured record, keeps the unreadable ones aside, backs up the original', async () => {
    const area = new MemoryStorage();
    await area.set({ plans: v1 });
    const report = await migrateStorage(area, NOW);
    expect(report).toMatchObject({ from: 1, to: 2, migrated: ['BINANCE:BTCUSDT', 'NASDAQ:AAPL'] });
    expect(report.keptAside.map((k) => k.symbol)).toEqual(['BINANCE:BNBUSDT', 'NYSE:XYZ']);
    expect(area.data.get('plan:BINANCE:BTCUSDT')).toEqual({
      v: 2,
      symbol: 'BINANCE:BTCUSDT',
      text: { side: 'long', entry: '43000', stop: '42000', ladder: '1R:25,2R:25,3R:50', trail: 'atr14x2.5' },
      updatedAt: NOW,
    });
    expect(area.data.get('plan:NASDAQ:AAPL')).toMatchObject({
      text: { side: 'short', entry: '190.5', stop: '2%', trail: 'none' },
    });
    expect(area.data.get(`corrupt:BINANCE:BNBUSDT:${NOW}`)).toMatchObject({
      raw: 'long|oops',
      reason: expect.stringContaining('2 fields'),
    });
    expect(area.data.get(`corrupt:NYSE:XYZ:${NOW}`)).toMatchObject({
      raw: 'long|10|12|1R:50|',
      reason: expect.stringContaining('wrong side'),
    });
    expect(area.data.get('backup:v1-plans')).toEqual(v1);
    expect(area.data.has('plans')).toBe(false);
    expect(area.data.get('schemaVersion')).toBe(2);
  });

  it('is idempotent and never overwrites a schema-2 plan', async () => {
    const area = new MemoryStorage();
    const existing = {
      v: 2,
      symbol: 'BINANCE:BTCUSDT',
      text: { side: 'long', entry: 1, stop: '0.5' },
      updatedAt: 1,
    };
    await area.set({ plans: v1, 'plan:BINANCE:BTCUSDT': existing });
    await migrateStorage(area, NOW);
    expect(area.data.get('plan:BINANCE:BTCUSDT')).toEqual(existing);
    expect(area.data.get(`corrupt:BINANCE:BTCUSDT:${NOW}`)).toMatchObject({
      reason: expect.stringContaining('already exists'),
    });
    const writes = area.writes;
    expect(await migrateStorage(area, NOW + 1)).toEqual({
      from: 2,
      to: 2,
      migrated: [],
      keptAside: [],
      problems: [],
    });
    expect(area.writes).toBe(writes);
  });

  // Each of these once made every saved plan unreadable ("v[t] is not a function", or "newer").
  it.each([0, 1.5, '2', -1, 3, null])(
    'keeps a schemaVersion of %j aside, says so, and still reads the saved plans',
    async (version) => {
      const area = new MemoryStorage();
      const plan = {
        v: 2,
        symbol: 'BINANCE:BTCUSDT',
        text: { side: 'long', entry: 100, stop: '95' },
        updatedAt: 1,
      };
      await area.set({ schemaVersion: version, 'plan:BINANCE:BTCUSDT': plan, 'plan:X': { v: 3 } });
      const report = await migrateStorage(area, NOW);
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toContain(`schemaVersion ${JSON.stringify(version)}`);
      expect(report.problems[0]).toContain('kept aside');
      expect(area.data.get(`corrupt:(schemaVersion):${NOW}`)).toMatchObject({ raw: version });
      expect(area.data.get('schemaVersion')).toBe(2);
      const store = new PlansStore(area, () => NOW);
      expect((await store.load('BINANCE:BTCUSDT')).plan).toEqual(plan);
      // A record this build cannot read is kept aside on load, not deleted.
      expect((await store.load('X')).corrupt?.reason).toContain('unknown record version 3');
      expect(area.data.get(`corrupt:X:${NOW}`)).toMatchObject({ raw: { v: 3 } });
      // Once read, storage is schema 2 and the notice is not repeated.
      expect((await migrateStorage(area, NOW + 1)).problems).toEqual([]);
    },
  );

  it('migrates schema 1 data whose version is broken as schema 1', async () => {
    const area = new MemoryStorage();
    await area.set({ schemaVersion: 0.5, plans: { BTCUSDT: 'long|100|95|1R:100|' } });
    const report = await migrateStorage(area, NOW);
    expect(report).toMatchObject({ from: 1, to: 2, migrated: ['BTCUSDT'] });
    expect(area.data.get('plan:BTCUSDT')).toMatchObject({ text: { side: 'long', entry: '100', stop: '95' } });
  });
});

describe('plans store', () => {
  const text = { side: 'long', entry: 100, stop: '95', ladder: '1R:50,2R:50', at: 1_600_000_000 };

  it('saves, loads, lists newest first and removes', async () => {
    let clock = NOW;
    const store = new PlansStore(new MemoryStorage(), () => clock++);
    await store.save('BINANCE:BTCUSDT', text);
    await store.save('NASDAQ:AAPL', { ...text, side: 'short', stop: '105' });
    // The clock ticks once per call: the migration check took NOW, the first save NOW + 1.
    expect((await store.load('BINANCE:BTCUSDT')).plan).toEqual({
      v: 2,
      symbol: 'BINANCE:BTCUSDT',
      text,
      updatedAt: NOW + 1,
    });
    expect((await store.list()).plans.map((p) => p.symbol)).toEqual(['NASDAQ:AAPL', 'BINANCE:BTCUSDT']);
    await store.remove('NASDAQ:AAPL');
    expect((await store.load('NASDAQ:AAPL')).plan).toBeNull();
  });

  it("keeps the plan's exit policy field (issue 20), and refuses one the engine cannot read", async () => {
    const store = new PlansStore(new MemoryStorage(), () => NOW);
    await store.save('BINANCE:BTCUSDT', { ...text, policy: 'adaptive' });
    expect((await store.load('BINANCE:BTCUSDT')).plan?.text.policy).toBe('adaptive');
    await expect(store.save('BINANCE:BTCUSDT', { ...text, policy: 'greedy' })).rejects.toThrow(
      /policy: cannot read "greedy"/,
    );
  });

  it('rejects an invalid plan with the engine PlanError before writing anything', async () => {
    const area = new MemoryStorage();
    const store = new PlansStore(area, () => NOW);
    await store.ready();
    const writes = area.writes;
    await expect(store.save('X', { ...text, ladder: '1R:80,2R:80' })).rejects.toBeInstanceOf(PlanError);
    expect(area.writes).toBe(writes);
  });

  it('moves a corrupt stored plan aside on load, untouched, and says why', async () => {
    const area = new MemoryStorage();
    const bad = { v: 2, symbol: 'X', text: { side: 'long', entry: 'abc', stop: '1%' }, updatedAt: 5 };
    await area.set({ schemaVersion: 2, 'plan:X': bad });
    const store = new PlansStore(area, () => NOW);
    const loaded = await store.load('X');
    expect(loaded.plan).toBeNull();
    expect(loaded.corrupt).toMatchObject({
      key: `corrupt:X:${NOW}`,
      symbol: 'X',
      reason: expect.stringContaining('entry'),
    });
    expect(area.data.get(`corrupt:X:${NOW}`)).toMatchObject({ raw: bad });
    expect(area.data.has('plan:X')).toBe(false);
    expect(await store.corruptRaw(`corrupt:X:${NOW}`)).toEqual(bad);
    // Saving a new plan does not disturb what was kept aside.
    await store.save('X', text);
    expect(area.data.get(`corrupt:X:${NOW}`)).toMatchObject({ raw: bad });
    await store.discardCorrupt(`corrupt:X:${NOW}`);
    expect(area.data.has(`corrupt:X:${NOW}`)).toBe(false);
  });

  it.each([
    ['a string', 'garbage'],
    ['another version', { v: 1, symbol: 'X' }],
    ['a record for another symbol', { v: 2, symbol: 'Y', text, updatedAt: 1 }],
    [
      'a text field of the wrong type',
      { v: 2, symbol: 'X', text: { ...text, ladder: ['1R'] }, updatedAt: 1 },
    ],
  ])('keeps aside %s before saving over it', async (_what, raw) => {
    const area = new MemoryStorage();
    await area.set({ schemaVersion: 2, 'plan:X': raw });
    const result = await new PlansStore(area, () => NOW).save('X', text);
    expect(result.corrupt?.key).toBe(`corrupt:X:${NOW}`);
    expect(area.data.get(`corrupt:X:${NOW}`)).toMatchObject({ raw });
    expect(area.data.get('plan:X')).toMatchObject({ text });
  });

  it('turns a full storage into StorageFullError and keeps the previous plan', async () => {
    // 250 bytes hold the schema key and one short plan (about 140 bytes as JSON), not a long one.
    const area = new MemoryStorage(250);
    const store = new PlansStore(area, () => NOW);
    await store.save('X', text);
    const long = {
      ...text,
      ladder: '1R:10,2R:10,3R:10,4R:10,5R:10,6R:10,7R:10,8R:10,9R:10,10R:10',
      trail: 'chandelier22x3',
      exhaustion: 'rsi14>70<30,bb20x2,take25',
    };
    await expect(store.save('X', long)).rejects.toBeInstanceOf(StorageFullError);
    expect((await store.load('X')).plan?.text).toEqual(text);
  });
});

describe('settings and layout', () => {
  it('keeps good fields and resets only the bad ones, saying which', () => {
    const { settings, problems } = normaliseSettings({
      ...DEFAULT_SETTINGS,
      overbought: 140,
      theme: 'neon',
      defaultLadder: '1R:100',
      alertSound: 'yes',
    });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, defaultLadder: '1R:100' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['overbought', 'alertSound', 'theme']);
    expect(normaliseSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('checks the plan defaults with the engine, and says they come from the Options and where to fix them', () => {
    const { settings, problems } = normaliseSettings({ defaultStop: 'abc', defaultTrail: 'atr14y2' });
    expect(settings.defaultStop).toBe(DEFAULT_SETTINGS.defaultStop);
    expect(settings.defaultTrail).toBe(DEFAULT_SETTINGS.defaultTrail);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain(
      'The default stop "abc" set in Options is not valid (stop: cannot read "abc"',
    );
    expect(problems[0]).toContain("exitplan's Options page");
  });

  it('drafts with the built-in defaults when an Options default does not fit the price', () => {
    // A price stop of 99999 sits above a long entry at 2136.47: the engine refuses it.
    const draft = optionsDraft({ ...DEFAULT_SETTINGS, defaultStop: '99999' }, 2136.47);
    expect(draft.plan.stop).toBe(DEFAULT_SETTINGS.defaultStop);
    expect(draft.problem).toContain('The default stop set in Options cannot be used for this draft');
    expect(draft.problem).toContain('wrong side');
    expect(optionsDraft(DEFAULT_SETTINGS, 2136.47).problem).toBeNull();
  });

  it('refuses to save invalid settings', async () => {
    await expect(saveSettings(new MemoryStorage(), { ...DEFAULT_SETTINGS, rsiPeriod: 0 })).rejects.toThrow(
      /rsiPeriod/,
    );
    await expect(saveSettings(new MemoryStorage(10), DEFAULT_SETTINGS)).rejects.toBeInstanceOf(
      StorageFullError,
    );
  });

  it('clamps a stored layout to a usable size', () => {
    expect(normaliseLayout({ x: 10.4, y: -5, width: 20, height: 'tall', collapsed: true })).toEqual({
      x: 10,
      y: 0,
      width: 300,
      height: 660,
      collapsed: true,
      open: true,
    });
  });
});

describe('alert dedupe (service worker, state in storage)', () => {
  const alert = { key: 'BINANCE:BTCUSDT|1|fill|stop|trail|1615809900', title: 't', message: 'm' };

  it('fires a crossing once, whatever the worker forgot in between', async () => {
    const area = new MemoryStorage();
    expect(await claimAlert(area, alert, NOW)).toBe(true);
    // A fresh call stands for a restarted worker: it only has storage.
    expect(await claimAlert(area, alert, NOW + 1)).toBe(false);
    expect(await claimAlert(area, { ...alert, key: `${alert.key}x` }, NOW + 2)).toBe(true);
    expect((area.data.get('alerts:log') as { key: string }[]).map((a) => a.key)).toEqual([
      `${alert.key}x`,
      alert.key,
    ]);
  });

  it('prunes the oldest keys beyond the limit', async () => {
    const area = new MemoryStorage();
    for (let i = 0; i < MAX_FIRED + 3; i++) await claimAlert(area, { ...alert, key: `k${i}` }, NOW + i);
    const fired = area.data.get('alerts:fired') as Record<string, number>;
    expect(Object.keys(fired)).toHaveLength(MAX_FIRED);
    expect('k0' in fired || 'k1' in fired || 'k2' in fired).toBe(false);
    expect((area.data.get('alerts:log') as unknown[]).length).toBe(50);
  });
});
