import type { DecayReading, ModelSummary } from '../../engine/index.js';
import type { ReversalView } from './reversal-addon.js';

/** A bar's time as the panel shows it: UTC date and minute. */
export function barTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–');
const fixed = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

function Scores({ s }: { s: ModelSummary }) {
  const beats = s.brier < s.baseRateBrier;
  return (
    <p class="ep-rev-line" data-auc={s.auc} data-brier={s.brier} title={s.verdict}>
      <span class="k">Out of sample</span> AUC {fixed(s.auc, 3)}
      {/* The labels' windows overlap: the 95% block-bootstrap interval says how little a chart's few hundred can tell. */}
      <span class="k" data-auc-interval title="95% block-bootstrap interval (blocks of the horizon)">
        {' '}
        [{fixed(s.aucLow, 2)}–{fixed(s.aucHigh, 2)}] on {s.scoredLabels} labels
      </span>{' '}
      · Brier {fixed(s.brier, 3)},{' '}
      <span class={beats ? 'pos' : 'neg'}>
        {beats ? 'better' : 'no better'} than the base rate's {fixed(s.baseRateBrier, 3)}
      </span>{' '}
      (reversals {pct(s.baseRate)} of bars)
    </p>
  );
}

function Decay({ d }: { d: DecayReading }) {
  const due = d.retrainDueIn === 0 ? 'retrain due now' : `retrain due in ${d.retrainDueIn} bars`;
  const seen =
    d.resolved > 0
      ? `Brier ${fixed(d.brier, 3)} on the ${d.resolved} labels resolved since, validated ${fixed(d.validationBrier, 3)}`
      : 'no label resolved since training yet';
  return (
    <p class="ep-rev-line" data-stale={String(d.stale)} data-due={d.retrainDueIn}>
      <span class="k">Decay monitor</span> {d.stale ? 'stale' : 'fresh'}: {due}; {seen}
    </p>
  );
}

export interface ReversalPanelProps {
  view: ReversalView;
  onTrain(): void;
  onCancel(): void;
}

/**
 * The reversal model under the legend, one row until there is a model (so a panel with a fixed
 * fold keeps its chart in view): the probability now against the threshold, Train / Cancel
 * with the run's progress, how the model scored out of sample beside the base rate, where it
 * comes from (bars from..to, bars ago) and the decay monitor's verdict.
 */
export function ReversalPanel({ view, onTrain, onCancel }: ReversalPanelProps) {
  const { summary: s, decay: d, status } = view;
  const above = Number.isFinite(view.p) && view.p >= view.threshold;
  const idle = status !== 'training' && status !== 'unavailable';
  return (
    <section
      class="ep-rev"
      aria-label="reversal model"
      data-status={status}
      data-p={Number.isFinite(view.p) ? String(view.p) : ''}
      data-points={view.points}
      data-markers={view.markers}
    >
      <div class="ep-rev-head">
        <h3>Reversal · {view.side}</h3>
        {s && (
          <span
            class={`ep-rev-p${above ? ' above' : ''}`}
            title={`p(reversal) at the last closed bar: ${fixed(s.down, 1)} ATR against before ${fixed(s.up, 1)} ATR for, within ${s.horizon} bars`}
          >
            {pct(view.p)}
          </span>
        )}
        {s && <span class="k">threshold {pct(view.threshold)}</span>}
        {s && d && status !== 'training' && (
          <span class={`ep-badge ${d.stale ? 'stale' : 'live'}`}>{d.stale ? 'stale' : 'fresh'}</span>
        )}
        {!s && idle && <span class="k">no model yet · {view.bars} closed bars</span>}
        {idle && (
          <button type="button" data-action="train" onClick={onTrain}>
            {s ? 'Retrain' : 'Train'}
          </button>
        )}
      </div>
      {status === 'training' && view.progress && (
        <div class="ep-rev-train" role="status">
          <progress max={1} value={view.progress.fraction} aria-label="training progress" />
          <span class="k">
            {pct(view.progress.fraction)} · {view.progress.stage}
          </span>
          <button type="button" data-action="cancel" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {s && <Scores s={s} />}
      {s && (
        <p class="ep-rev-line" data-bars-ago={d?.barsSinceTrained ?? 0}>
          <span class="k">Trained on</span> {barTime(s.trainedOn.firstTime)} to{' '}
          {barTime(s.trainedOn.lastTime)} ({s.trainedOn.samples} labels), {d?.barsSinceTrained ?? 0} bars ago
        </p>
      )}
      {s && d && <Decay d={d} />}
      {view.problem && <p class="ep-warn">{view.problem}</p>}
    </section>
  );
}
