// The extension's reversal model store: one model per market and timeframe, a versioned key,
// an unreadable record reported and left in place, a full storage refused with nothing changed.
import { describe, expect, it } from 'vitest';
import {
  ExitPolicyStore,
  MODEL_PREFIX,
  modelKey,
  POLICY_PREFIX,
  ReversalModelStore,
} from '../../../extension/storage/model-store.js';
import { MemoryStorage } from './memory-storage.js';

const FILE = JSON.stringify({ format: 'exitplan-reversal-model', version: 1 });

describe('ReversalModelStore', () => {
  it('keeps one model per market and timeframe under a versioned key', async () => {
    const area = new MemoryStorage();
    const store = new ReversalModelStore(area, () => 1000);
    await store.save('binance-spot:BTCUSDT', '5m', FILE);
    await store.save('binance-spot:BTCUSDT', '1h', `${FILE} `);
    expect([...area.data.keys()].sort()).toEqual([
      `${MODEL_PREFIX}binance-spot:BTCUSDT@1h`,
      `${MODEL_PREFIX}binance-spot:BTCUSDT@5m`,
    ]);
    expect(MODEL_PREFIX).toBe('reversal-model:v1:');
    expect((await store.load('binance-spot:BTCUSDT', '5m')).model).toEqual({
      v: 1,
      market: 'binance-spot:BTCUSDT',
      timeframe: '5m',
      model: FILE,
      savedAt: 1000,
    });
    expect((await store.load('binance-spot:BTCUSDT', '15m')).model).toBeNull();
    // A second save replaces the first.
    await store.save('binance-spot:BTCUSDT', '5m', `${FILE}  `);
    expect((await store.load('binance-spot:BTCUSDT', '5m')).model?.model).toBe(`${FILE}  `);
  });

  it('reports an unreadable record and leaves it untouched', async () => {
    const area = new MemoryStorage();
    const key = modelKey('yahoo:SPY', '1d');
    await area.set({ [key]: { v: 7, market: 'yahoo:SPY', timeframe: '1d', model: FILE, savedAt: 1 } });
    const load = await new ReversalModelStore(area).load('yahoo:SPY', '1d');
    expect(load.model).toBeNull();
    expect(load.problem).toBe('the stored record has schema 7, not 1');
    expect(area.data.get(key)).toEqual({
      v: 7,
      market: 'yahoo:SPY',
      timeframe: '1d',
      model: FILE,
      savedAt: 1,
    });
    await area.set({ [key]: 'junk' });
    expect((await new ReversalModelStore(area).load('yahoo:SPY', '1d')).problem).toBe(
      'the stored record is not an object',
    );
  });

  it('refuses a save the quota cannot hold with StorageFullError and keeps the old model', async () => {
    const area = new MemoryStorage(400);
    const store = new ReversalModelStore(area);
    await store.save('yahoo:SPY', '1d', FILE);
    await expect(store.save('yahoo:SPY', '1d', `{${'x'.repeat(500)}}`)).rejects.toThrow(
      /Storage is full: "reversal-model:v1:yahoo:SPY@1d" was not saved/,
    );
    expect((await store.load('yahoo:SPY', '1d')).model?.model).toBe(FILE);
  });
});

describe('ExitPolicyStore', () => {
  const POLICY = JSON.stringify({ format: 'exitplan-exit-policy', version: 2 });

  it('keeps the panel policies under their own versioned key, beside the reversal models', async () => {
    const area = new MemoryStorage();
    await new ReversalModelStore(area, () => 1).save('binance-spot:BTCUSDT', '5m', FILE);
    const store = new ExitPolicyStore(area, () => 2000);
    await store.save('binance-spot:BTCUSDT', '5m', POLICY);
    expect(POLICY_PREFIX).toBe('exit-policy:v1:');
    expect([...area.data.keys()].sort()).toEqual([
      'exit-policy:v1:binance-spot:BTCUSDT@5m',
      'reversal-model:v1:binance-spot:BTCUSDT@5m',
    ]);
    expect((await store.load('binance-spot:BTCUSDT', '5m')).model).toEqual({
      v: 1,
      market: 'binance-spot:BTCUSDT',
      timeframe: '5m',
      model: POLICY,
      savedAt: 2000,
    });
    // Each kind reads only its own key.
    expect((await new ReversalModelStore(area).load('binance-spot:BTCUSDT', '5m')).model?.model).toBe(FILE);
  });

  it('names a corrupt policy record and leaves it in place', async () => {
    const area = new MemoryStorage();
    const key = modelKey('yahoo:SPY', '1d', POLICY_PREFIX);
    const record = { v: 1, market: 'yahoo:SPY', timeframe: '1d', model: 'not json', savedAt: 1 };
    await area.set({ [key]: record });
    expect(await new ExitPolicyStore(area).load('yahoo:SPY', '1d')).toEqual({
      model: null,
      problem: 'the stored policy is not a policy file',
    });
    expect(area.data.get(key)).toEqual(record);
  });
});
