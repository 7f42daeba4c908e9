import type { PolicyWidgetState } from './policy-addon.js';
import { REGIME_LEGEND } from './regime-band.js';

const ACTION_TEXT = { hold: 'Hold', sell25: 'Sell 25%', liquidate: 'Liquidate' } as const;

const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)} R`;

export interface PolicyPanelProps {
  state: PolicyWidgetState;
  onCancel(): void;
  onTrain(): void;
  /** A page that keeps policies (the extension panel): Train / Retrain beside the heading. */
  trainable?: boolean;
  /** Folded to its heading line (regime, action, Train); undefined: the panel cannot fold. */
  folded?: boolean;
  onFold?(folded: boolean): void;
  band: string;
  bandLast: number;
}

/**
 * The exit policy under the legend: the current regime with the exit logic and urgency it
 * picks, the band's legend, and the policy's action for the open trade at the last close with
 * its advantage over Hold (what the policy expects to gain, in R net of costs, by acting now
 * rather than holding). Training shows its progress and a Cancel button.
 */
export function PolicyPanel(props: PolicyPanelProps) {
  const { state, onCancel, onTrain, trainable, folded, onFold } = props;
  const r = state.regime;
  const a = state.action;
  const busy = state.status === 'training' || state.status === 'loading';
  const advantage = a && Number.isFinite(a.advantageR) ? ` ${signed(a.advantageR)}` : '';
  return (
    <section
      class={`ep-policy${folded ? ' folded' : ''}`}
      aria-label="exit policy"
      data-status={state.status}
      data-regime={r?.regime ?? ''}
      data-action={a?.action ?? ''}
      data-advantage={a && Number.isFinite(a.advantageR) ? a.advantageR.toFixed(4) : ''}
      data-band={props.band}
      data-band-last={props.bandLast}
    >
      <h3>
        {folded === undefined ? (
          'Exit policy'
        ) : (
          <button
            type="button"
            class="ep-policy-fold"
            aria-expanded={!folded}
            onClick={() => onFold?.(!folded)}
          >
            {/* "Policy", not "Exit policy": the folded line needs the width for the regime's logic. */}
            {folded ? '▸' : '▾'} Policy
          </button>
        )}
        {folded && (
          <span class={`ep-regime-chip r-${r?.regime ?? 'none'}`} data-stat="regime-line">
            {r ? regimeLabel(r.regime) : '–'}
          </span>
        )}
        {folded && r && (
          // The logic's name (before its colon or bracket); the whole rule and urgency on hover and unfolded.
          <span class="why" title={`${r.logic} · urgency ${r.urgency}`}>
            {r.logic.split(/[:(]/)[0]}
          </span>
        )}
        {folded && a && (
          <span class={`ep-action a-${a.action}`} data-stat="action-line">
            {ACTION_TEXT[a.action]}
            {advantage}
          </span>
        )}
        {!folded && state.source && <span class="ep-badge">{state.source}</span>}
        {/* Folded, Retrain waits for the unfolded panel: the line has no room beside the action. */}
        {trainable && !busy && !(folded && a) && (
          <button type="button" data-action="policy-train" onClick={onTrain}>
            {state.policy === 'learned' ? 'Retrain' : 'Train'}
          </button>
        )}
      </h3>
      {!folded && (
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
      )}
      {!folded && (
        <ul class="ep-regime-legend" aria-label="regime band colours">
          {REGIME_LEGEND.map((g) => (
            <li key={g.name}>
              <i style={{ background: g.color }} />
              {g.label}
            </li>
          ))}
        </ul>
      )}
      {busy ? (
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
      {!folded && state.policy !== null && (
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
