import { useMemo, useState } from 'preact/hooks';
import { formatR, PlanError, type PlanText } from '../../../engine/index.js';
import { manualLevels, parseManualAtr } from '../manual-levels.js';
import { LevelsTable, levelRows } from './LevelsTable.js';

/**
 * No feed needed: entry, stop and ATR typed in, the ladder comes back as a table whose prices
 * can be copied into the broker's order ticket.
 */
export function ManualPanel({ initial }: { initial: PlanText }) {
  const [text, setText] = useState<PlanText>({ ...initial, entry: initial.entry ?? '' });
  const [atr, setAtr] = useState('');
  const result = useMemo(() => {
    try {
      const atrValue = parseManualAtr(atr);
      const { trail: _trail, exhaustion: _exhaustion, at: _at, ...rest } = text;
      return { levels: manualLevels(rest, atrValue) };
    } catch (error) {
      if (error instanceof PlanError) return { error: { field: error.field, message: error.message } };
      throw error;
    }
  }, [text, atr]);
  const set = (key: keyof PlanText) => (e: Event) =>
    setText({ ...text, [key]: (e.target as HTMLInputElement).value });
  return (
    <section class="manual" data-testid="manual">
      <p class="hint">Manual mode: no market data. Type entry, stop and ATR; copy the prices you need.</p>
      <div class="row">
        <label class="side">
          <span>Side</span>
          <select value={String(text.side)} onChange={set('side')}>
            <option value="long">long</option>
            <option value="short">short</option>
          </select>
        </label>
        <label class="field">
          <span>Entry</span>
          <input name="m-entry" value={String(text.entry)} onInput={set('entry')} placeholder="100" />
        </label>
        <label class="field">
          <span>ATR</span>
          <input
            name="m-atr"
            value={atr}
            onInput={(e) => setAtr((e.target as HTMLInputElement).value)}
            placeholder="2.4"
          />
        </label>
      </div>
      <label class="field">
        <span>Stop</span>
        <input
          name="m-stop"
          value={String(text.stop)}
          onInput={set('stop')}
          placeholder="95 | 2% | atr14x1.5"
        />
      </label>
      <label class="field">
        <span>Ladder</span>
        <input
          name="m-ladder"
          value={String(text.ladder ?? '')}
          onInput={set('ladder')}
          placeholder="1R:25,2R:25,atr3:50"
        />
      </label>
      <label class="field">
        <span>Swing</span>
        <input
          name="m-swing"
          value={String(text.swing ?? '')}
          onInput={set('swing')}
          placeholder="low:high (for fib legs)"
        />
      </label>
      {'error' in result && result.error ? (
        <p class="form-error" role="alert" data-field={result.error.field}>
          {result.error.message}
        </p>
      ) : (
        result.levels && (
          <LevelsTable
            rows={levelRows(result.levels, null)}
            footer={`All legs filled: ${formatR(result.levels.blendedR)} blended; runner ${result.levels.runnerShare}%`}
          />
        )
      )}
    </section>
  );
}
