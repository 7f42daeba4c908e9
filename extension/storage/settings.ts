import { parseBreakeven, parseLadder, parseStop, parseTrail, PlanError } from '../../engine/index.js';
import {
  DEFAULT_BB_K,
  DEFAULT_BB_PERIOD,
  DEFAULT_EXHAUSTION_TAKE,
  DEFAULT_RSI_OVERBOUGHT,
  DEFAULT_RSI_OVERSOLD,
  DEFAULT_RSI_PERIOD,
} from '../../engine/index.js';
import type { StorageArea } from '../platform/browser-api.js';
import { StorageFullError, isQuotaError } from './errors.js';
import { SETTINGS_KEY } from './keys.js';

export type Theme = 'dark' | 'light' | 'auto';

/** What the options page edits. Defaults for new plans plus alert, theme and feed choices. */
export interface Settings {
  defaultStop: string;
  defaultLadder: string;
  defaultTrail: string;
  defaultBreakeven: string;
  rsiPeriod: number;
  overbought: number;
  oversold: number;
  bbPeriod: number;
  bbK: number;
  exhaustionTake: number;
  alertsEnabled: boolean;
  alertSound: boolean;
  alertOnStop: boolean;
  alertOnLegs: boolean;
  alertOnExhaustion: boolean;
  theme: Theme;
  binanceFeed: boolean;
  yahooFeed: boolean;
  yahooPollSeconds: number;
  /** Used when the page shows no timeframe: a canonical label such as 1h. */
  defaultTimeframe: string;
  /** Draw the levels as the site's own lines where the page exposes a chart API. */
  mirrorLevels: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  defaultStop: 'atr14x1.5',
  defaultLadder: '1R:25,2R:25,3R:50',
  defaultTrail: 'atr14x2.5@1',
  defaultBreakeven: '1',
  rsiPeriod: DEFAULT_RSI_PERIOD,
  overbought: DEFAULT_RSI_OVERBOUGHT,
  oversold: DEFAULT_RSI_OVERSOLD,
  bbPeriod: DEFAULT_BB_PERIOD,
  bbK: DEFAULT_BB_K,
  exhaustionTake: DEFAULT_EXHAUSTION_TAKE,
  alertsEnabled: true,
  alertSound: false,
  alertOnStop: true,
  alertOnLegs: true,
  alertOnExhaustion: true,
  theme: 'dark',
  binanceFeed: true,
  yahooFeed: true,
  yahooPollSeconds: 15,
  defaultTimeframe: '1h',
  mirrorLevels: true,
};

const RANGES: Partial<Record<keyof Settings, [number, number]>> = {
  rsiPeriod: [2, 500],
  overbought: [50, 100],
  oversold: [0, 50],
  bbPeriod: [2, 500],
  bbK: [0.1, 10],
  exhaustionTake: [1, 100],
  yahooPollSeconds: [5, 3600],
};
/** Counts: the exhaustion text spells them as `rsi14`, where `rsi14.5` does not read. */
const WHOLE: ReadonlySet<keyof Settings> = new Set(['rsiPeriod', 'bbPeriod', 'yahooPollSeconds']);

/** The plan defaults, each checked with the engine's own parser for its field. */
const PLAN_DEFAULTS: Partial<Record<keyof Settings, { name: string; parse: (text: string) => unknown }>> = {
  defaultStop: { name: 'default stop', parse: parseStop },
  defaultLadder: { name: 'default ladder', parse: parseLadder },
  defaultTrail: { name: 'default trail', parse: parseTrail },
  defaultBreakeven: { name: 'default breakeven', parse: parseBreakeven },
};

/** Why a plan default cannot be used (the engine's message, naming the field), or null. */
export function planDefaultError(key: keyof Settings, value: string): string | null {
  const field = PLAN_DEFAULTS[key];
  if (!field) return null;
  try {
    field.parse(value);
    return null;
  } catch (error) {
    if (error instanceof PlanError) return error.message;
    throw error;
  }
}

/** Where to mend a stored option, said in every message about one (the panel shows them too). */
export const OPTIONS_FIX = "fix it on exitplan's Options page (right-click the toolbar button, then Options)";

/**
 * Reads settings field by field: a bad or missing field falls back to its default and is
 * reported, the others are kept (one hand-edited value must not reset everything).
 */
export function normaliseSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const source = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const settings = { ...DEFAULT_SETTINGS } as Record<keyof Settings, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const value = source[key];
    if (value === undefined) continue;
    const fallback = DEFAULT_SETTINGS[key];
    const range = RANGES[key];
    const ok =
      typeof value === typeof fallback &&
      (typeof value !== 'number' ||
        (Number.isFinite(value) &&
          (!range || (value >= range[0] && value <= range[1])) &&
          (!WHOLE.has(key) || Number.isInteger(value)))) &&
      (key !== 'theme' || value === 'dark' || value === 'light' || value === 'auto');
    const planProblem = ok && typeof value === 'string' ? planDefaultError(key, value) : null;
    if (ok && !planProblem) settings[key] = value;
    else if (planProblem)
      problems.push(
        `The ${PLAN_DEFAULTS[key]?.name} ${JSON.stringify(value)} set in Options is not valid (${planProblem}); new plans use ${JSON.stringify(fallback)} until you ${OPTIONS_FIX}`,
      );
    else problems.push(`${key}: ${JSON.stringify(value)} is not valid; using ${JSON.stringify(fallback)}`);
  }
  return { settings: settings as Settings, problems };
}

export async function loadSettings(area: StorageArea): Promise<{ settings: Settings; problems: string[] }> {
  const { [SETTINGS_KEY]: raw } = await area.get(SETTINGS_KEY);
  return normaliseSettings(raw);
}

export async function saveSettings(area: StorageArea, settings: Settings): Promise<void> {
  const { settings: clean, problems } = normaliseSettings(settings);
  if (problems.length) throw new Error(`Settings not saved: ${problems.join('; ')}`);
  try {
    await area.set({ [SETTINGS_KEY]: clean });
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(SETTINGS_KEY);
    throw error;
  }
}
