import type { PolicyWidgetState } from './policy-addon.js';
import { REGIME_LEGEND } from './regime-band.js';

const ACTION_TEXT = { hold: 'Hold', sell25: 'Sell 25%', liquidate: 'Liquidate' } as const;

const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)} R`;

export interface PolicyPanelProps {
  state: PolicyWidgetState;
  onCancel(): void;
  onTrain(): void;
}

/**
 * The exit policy under the legend: the current regime with the exit logic and urgency it
 * picks, the band's legend, and the policy's action for the open trade at the last close with
 * its advantage over Hold (what the policy expects to gain, in R net of costs, by acting now
 * rather than holding). Training shows its progress and a Cancel button.
 */
export function PolicyPanel({ state, onCancel, onTrain }: PolicyPanelProps) {
  const r = state.regime;
  const a = state.action;
  return (
    <section
      class="ep-policy"
      aria-label="exit policy"
      data-status={state.status}
      data-regime={r?.regime ?? ''}
      data-action={a?.action ?? ''}
      data-advantage={a && Number.isFinite(a.advantageR) ? a.advantageR.toFixed(4) : ''}
    >
      <h3>
        Exit policy
        {state.source && <span class="ep-badge">{state.source}</span>}
      </h3>
      <div class="ep-policy-regime" data-stat="regime">
        <span class="k">Regime now</span>
        <span class={`ep-regime-chip r-${r?.regime ?? 'none'}`}>
          {r ? regimeLabel(r.regime) : 'waiting for bars'}
        </span>
        {r && (
          <span class="why">
            {r.logic} · urgency <b>{r.urgency}</b>
          </span>
        )}
      </div>
      <ul class="ep-regime-legend" aria-label="regime band colours">
        {REGIME_LEGEND.map((g) => (
          <li key={g.name}>
            <i style={{ background: g.color }} />
            {g.label}
          </li>
        ))}
      </ul>
      {state.status === 'training' || state.status === 'loading' ? (
        <div class="ep-policy-job" role="status">
          <span>
            {state.status === 'training' ? 'Learning the policy on these bars' : 'Loading the policy'}:{' '}
            {state.stage}
          </span>
          <progress max={1} value={state.progress} />
          {state.status === 'training' && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      ) : state.status === 'cancelled' ? (
        <div class="ep-policy-job">
          <span>Training cancelled.</span>
          <button type="button" onClick={onTrain}>
            Train again
          </button>
        </div>
      ) : null}
      {state.policy !== null && (
        <div class="ep-policy-action" data-stat="action">
          <span class="k">
            {state.policy === 'learned' ? 'Learned policy' : 'Adaptive (regime matrix)'} says
          </span>
          {a ? (
            <span class="v">
              <span class={`ep-action a-${a.action}`}>{ACTION_TEXT[a.action]}</span>
              {Number.isFinite(a.advantageR)
                ? ` ${signed(a.advantageR)} over Hold`
                : state.policy === 'learned'
                  ? ' (this state was not learned: Hold)'
                  : ''}
              <span class="k">
                at {signed(a.unrealisedR)} open, {a.barsHeld} bars held, {Math.round(a.openShare * 100)}% of
                the plan open
              </span>
            </span>
          ) : (
            <span class="v muted">no open trade at the last close</span>
          )}
        </div>
      )}
      {state.error && (
        <p class="ep-warn" role="alert">
          {state.error}
        </p>
      )}
    </section>
  );
}

function regimeLabel(name: string): string {
  // 'none': the indicators are warming up, or no regime's thresholds are met at this bar.
  return REGIME_LEGEND.find((g) => g.name === name)?.label ?? 'No clear regime';
}
