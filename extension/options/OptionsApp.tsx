import { useState } from 'preact/hooks';
import {
  parseBreakeven,
  parseExhaustion,
  parseLadder,
  parseStop,
  parseTrail,
  PlanError,
} from '../../engine/index.js';
import { exhaustionText } from '../panel/draft-plan.js';
import { browser } from '../platform/browser.js';
import { timeframeFromLabel } from '../shared/timeframe.js';
import { DEFAULT_SETTINGS, saveSettings, type Settings } from '../storage/settings.js';

type Key = keyof Settings;

/** Checks the plan defaults with the engine's own parsers, so a bad default is caught here, not in every new plan. */
function planDefaultsError(s: Settings): string | null {
  try {
    parseStop(s.defaultStop);
    parseLadder(s.defaultLadder);
    parseTrail(s.defaultTrail);
    parseBreakeven(s.defaultBreakeven);
    // The thresholds become every draft's exhaustion field: check them as that field reads.
    parseExhaustion(exhaustionText(s));
  } catch (error) {
    if (error instanceof PlanError) return error.message;
    throw error;
  }
  if (!timeframeFromLabel(s.defaultTimeframe))
    return `defaultTimeframe: "${s.defaultTimeframe}" is not a timeframe like 5m, 1h or 1d`;
  return null;
}

export function OptionsApp({ initial, problems }: { initial: Settings; problems: string[] }) {
  const [s, setS] = useState(initial);
  const [status, setStatus] = useState<string | null>(
    problems.length ? `Some stored options were invalid and reset: ${problems.join('; ')}` : null,
  );
  const set = <K extends Key>(key: K, value: Settings[K]): void => setS({ ...s, [key]: value });
  const text = (key: Key, label: string, hint: string) => (
    <label>
      <span>{label}</span>
      <input
        name={key}
        value={String(s[key])}
        onInput={(e) => set(key, (e.target as HTMLInputElement).value as never)}
      />
      <small>{hint}</small>
    </label>
  );
  const num = (key: Key, label: string, step = '1') => (
    <label>
      <span>{label}</span>
      <input
        name={key}
        type="number"
        step={step}
        value={String(s[key])}
        onInput={(e) => set(key, Number((e.target as HTMLInputElement).value) as never)}
      />
    </label>
  );
  const check = (key: Key, label: string) => (
    <label class="check">
      <input
        name={key}
        type="checkbox"
        checked={s[key] === true}
        onChange={(e) => set(key, (e.target as HTMLInputElement).checked as never)}
      />
      <span>{label}</span>
    </label>
  );
  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    const problem = planDefaultsError(s);
    if (problem) return setStatus(`Not saved. ${problem}`);
    try {
      await saveSettings(browser.storage.local, s);
      setStatus('Saved. Open panels pick the new options up when reopened.');
    } catch (error) {
      setStatus((error as Error).message);
    }
  };
  return (
    <form class="options" onSubmit={(e) => void save(e)}>
      <h1>exitplan options</h1>
      <fieldset>
        <legend>New plans</legend>
        {text('defaultStop', 'Stop', 'price, percent (2%) or ATR multiple (atr14x1.5)')}
        {text('defaultLadder', 'Ladder', 'legs as target:share, e.g. 1R:25,2R:25,fib1.618:50')}
        {text('defaultTrail', 'Trail', 'none, atr14x2.5, chandelier22x3; @1 = after the first leg')}
        {text('defaultBreakeven', 'Breakeven', 'after leg N: 1, 1+fees, none')}
      </fieldset>
      <fieldset>
        <legend>Exhaustion (RSI + Bollinger)</legend>
        <div class="grid">
          {num('rsiPeriod', 'RSI period')}
          {num('overbought', 'Overbought ≥')}
          {num('oversold', 'Oversold ≤')}
          {num('bbPeriod', 'Bollinger period')}
          {num('bbK', 'Bollinger k', '0.1')}
          {num('exhaustionTake', 'Take % on signal')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Alerts</legend>
        {check('alertsEnabled', 'Desktop notifications while a chart tab has the panel open')}
        {check('alertOnStop', 'Stop or trailing stop hit')}
        {check('alertOnLegs', 'Ladder leg filled')}
        {check('alertOnExhaustion', 'Exhaustion signal')}
        {check('alertSound', 'Play a sound')}
      </fieldset>
      <fieldset>
        <legend>Look and data</legend>
        <label>
          <span>Theme</span>
          <select
            name="theme"
            value={s.theme}
            onChange={(e) => set('theme', (e.target as HTMLSelectElement).value as Settings['theme'])}
          >
            <option value="dark">dark</option>
            <option value="light">light</option>
            <option value="auto">follow the system</option>
          </select>
        </label>
        {check('binanceFeed', 'Binance public market data for crypto pairs')}
        {check('yahooFeed', 'Yahoo Finance chart data for stocks, futures and FX')}
        {num('yahooPollSeconds', 'Yahoo poll every (s)')}
        {text('defaultTimeframe', 'Timeframe when the page shows none', '1m … 1d')}
        {check('mirrorLevels', "Also draw the levels as the site's own lines where the chart allows it")}
      </fieldset>
      <div class="actions">
        {status && (
          <p class="status" role="status">
            {status}
          </p>
        )}
        <button type="button" onClick={() => setS(DEFAULT_SETTINGS)}>
          Restore defaults
        </button>
        <button type="submit" class="primary">
          Save
        </button>
      </div>
    </form>
  );
}
