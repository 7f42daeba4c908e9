import { useCallback, useMemo, useState } from 'preact/hooks';
import { DEFAULT_POLICIES, type Bar, type LabReport, type LabRequest } from '../../engine/index.js';
import type { Palette } from '../chart/palette.js';
import { ComparisonTable } from './ComparisonTable.js';
import { EquityChart } from './EquityChart.js';
import { ExcursionScatter } from './ExcursionScatter.js';
import { policyColor } from './lab-colors.js';
import { PolicyHeatMap } from './PolicyHeatMap.js';
import { RHistogram } from './RHistogram.js';
import { TradeReplay } from './TradeReplay.js';

export type LabStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface LabViewState {
  status: LabStatus;
  progress: number;
  report: LabReport | null;
  /** The report on screen is an earlier run's: a run since then is going, failed or was cancelled. */
  stale: boolean;
  error: string | null;
  elapsedMs: number | null;
}

interface Props {
  bars: readonly Bar[];
  times: Float64Array;
  palette: Palette;
  mode: 'worker' | 'main-thread';
  state: LabViewState;
  initial: LabRequest;
  onRun: (request: LabRequest) => void;
  onCancel: () => void;
}

/** The lab: the form, progress and cancel, then the comparison and its pictures. */
export function LabApp({ bars, times, palette, mode, state, initial, onRun, onCancel }: Props) {
  const [entries, setEntries] = useState(initial.entries);
  // A trade list chosen from a file replaces the rule until it is cleared.
  const [tradeList, setTradeList] = useState<{ name: string; text: string; rows: number } | null>(null);
  const [costs, setCosts] = useState(initial.costs ?? '');
  const [sizing, setSizing] = useState(initial.sizing ?? 'risk1%');
  const [reentry, setReentry] = useState(initial.reentry ?? 'next-bar');
  const [custom, setCustom] = useState((initial.custom ?? []).join('\n'));
  // A saved learned policy (exitplan learn policy --out): its heat map shows, and a custom plan
  // with policy=learned:<its name> runs it (added to the custom plans when none names it).
  const [policyFile, setPolicyFile] = useState<{ name: string; text: string } | null>(null);
  const [chosen, setChosen] = useState<string[]>(
    initial.policies && initial.policies !== 'all'
      ? initial.policies.split(',')
      : DEFAULT_POLICIES.map((p) => p.id),
  );
  const [selected, setSelected] = useState(0);
  const [trade, setTrade] = useState(0);
  const report = state.report;
  const running = state.status === 'running';
  const policy = report?.result.policies[Math.min(selected, report.result.policies.length - 1)] ?? null;
  const pick = useCallback((i: number) => {
    setSelected(i);
    setTrade(0);
  }, []);
  const submit = (ev: Event): void => {
    ev.preventDefault();
    onRun({
      ...initial,
      entries: tradeList ? tradeList.text : entries,
      costs,
      sizing,
      reentry,
      policies: chosen.join(','),
      custom: custom
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      policyFiles: policyFile
        ? { ...initial.policyFiles, [policyFile.name]: policyFile.text }
        : initial.policyFiles,
    });
  };
  const span = useMemo(
    () =>
      bars.length > 0
        ? `${bars.length.toLocaleString('en-US')} bars, ${new Date(bars[0].time * 1000).toISOString().slice(0, 10)} to ${new Date(bars[bars.length - 1].time * 1000).toISOString().slice(0, 10)}`
        : 'no bars',
    [bars],
  );
  return (
    <div class="ep lab">
      <div class="ep-head">
        <span class="ep-title">Backtest lab: scaling out vs all in, all out</span>
        <span class="ep-badge" data-role="engine-mode">
          {mode === 'worker' ? 'engine in a worker' : 'engine on the page'}
        </span>
        <span class="ep-badge">{span}</span>
      </div>
      <form class="lab-form" onSubmit={submit}>
        <div class="lab-entries">
          <label>
            Entries
            <input
              value={tradeList ? `${tradeList.name} (${tradeList.rows} trades)` : entries}
              onInput={(e) => setEntries((e.target as HTMLInputElement).value)}
              name="entries"
              placeholder="random:7:0.02, donchian:20, sma:10:50"
              disabled={running || tradeList !== null}
            />
          </label>
          {tradeList ? (
            <button
              type="button"
              onClick={() => setTradeList(null)}
              disabled={running}
              data-role="clear-trades"
            >
              Use a rule
            </button>
          ) : (
            <label class="lab-file" title="a CSV of time,side[,price] rows, e.g. exported from a journal">
              Trade list…
              <input
                type="file"
                accept=".csv,text/csv,text/plain"
                name="trades"
                disabled={running}
                onChange={(e) => {
                  const input = e.target as HTMLInputElement;
                  const file = input.files?.[0];
                  if (!file) return;
                  void file.text().then((text) => {
                    // Rows that start with a time (a header or comments do not count).
                    const rows = text.split(/\r?\n/).filter((l) => /^\s*["']?\d/.test(l)).length;
                    setTradeList({ name: file.name, text, rows });
                  });
                  input.value = '';
                }}
              />
            </label>
          )}
        </div>
        <label>
          Costs
          <input
            value={costs}
            onInput={(e) => setCosts((e.target as HTMLInputElement).value)}
            name="costs"
            placeholder="bps5,fill1,slipbps2"
            disabled={running}
          />
        </label>
        <label>
          Sizing
          <input
            value={sizing}
            onInput={(e) => setSizing((e.target as HTMLInputElement).value)}
            name="sizing"
            placeholder="risk1% or units10"
            disabled={running}
          />
        </label>
        <label title="Whether a policy may enter on the bar where its previous position closed">
          Re-entry
          <select
            value={reentry}
            onChange={(e) => setReentry((e.target as HTMLSelectElement).value as 'next-bar' | 'same-bar')}
            name="reentry"
            disabled={running}
          >
            <option value="next-bar">from the bar after an exit</option>
            <option value="same-bar">on the exit bar too</option>
          </select>
        </label>
        <fieldset class="lab-policies" disabled={running}>
          <legend>Policies</legend>
          {DEFAULT_POLICIES.map((p) => (
            <label key={p.id} title={p.label}>
              <input
                type="checkbox"
                name={`policy-${p.id}`}
                checked={chosen.includes(p.id)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  setChosen(
                    DEFAULT_POLICIES.map((d) => d.id).filter((id) =>
                      id === p.id ? on : chosen.includes(id),
                    ),
                  );
                }}
              />
              {p.id}
            </label>
          ))}
        </fieldset>
        <label class="lab-file" title="a policy file written by exitplan learn policy --out">
          Policy file…
          <input
            type="file"
            accept=".json,application/json"
            name="policy-file"
            disabled={running}
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              if (!file) return;
              void file.text().then((text) => {
                const name = file.name.replace(/\s+/g, '-');
                setPolicyFile({ name, text });
                const ref = `policy=learned:${name}`;
                setCustom((c) =>
                  c.includes(ref)
                    ? c
                    : `${c.trim() === '' ? '' : `${c.trim()}\n`}learned-file:stop=atr14x2;trail=atr14x3;${ref}`,
                );
              });
              input.value = '';
            }}
          />
        </label>
        <label class="lab-custom">
          Custom plans (one per line)
          <textarea
            value={custom}
            onInput={(e) => setCustom((e.target as HTMLTextAreaElement).value)}
            name="custom"
            rows={1}
            placeholder="mine:stop=atr14x2;ladder=1R:50,2R:50;trail=atr14x3"
            disabled={running}
          />
        </label>
        <div class="lab-actions">
          <button type="submit" disabled={running} data-role="run">
            Run backtest
          </button>
          <button type="button" disabled={!running} onClick={onCancel} data-role="cancel">
            Cancel
          </button>
          <div
            class="lab-progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(state.progress * 100)}
          >
            <div class="lab-progress-fill" style={{ width: `${(state.progress * 100).toFixed(1)}%` }} />
          </div>
          <span class="lab-status" data-role="status" data-status={state.status}>
            {statusText(state)}
          </span>
        </div>
      </form>
      {/* The error right under the Run button, where the eye is: above the heat maps, which
          are a screen and more tall on a phone. */}
      {state.error ? (
        <div class="lab-error" role="alert" data-role="error">
          {state.error}
        </div>
      ) : null}
      {policyFile ? <PolicyHeatMap name={policyFile.name} text={policyFile.text} /> : null}
      {report && policy ? (
        <div class="lab-results" data-role="results" data-stale={state.stale ? 'true' : 'false'}>
          {state.stale ? (
            <p class="lab-stale" role="status" data-role="stale-note">
              {staleText(state.status, report)}
            </p>
          ) : null}
          <ComparisonTable report={report} selected={selected} onSelect={pick} />
          <p class="lab-note" data-role="rules">
            {`${report.result.entries} entries; one position at a time per policy: an entry that arrives while a policy is in a position is skipped, and a policy takes no entry on the bar where its previous position closed, unless the re-entry setting says otherwise. Intervals: 95% bootstrap over trades. `}
            {report.walkForward
              ? `Walk-forward: the best in-sample Sharpe (${report.walkForward.pickedInSample}) ranks ${report.walkForward.outOfSampleRank} of ${report.walkForward.policies.length} out of sample.`
              : ''}
          </p>
          <h3>Equity, mark to market</h3>
          <EquityChart report={report} times={times} palette={palette} selected={selected} />
          <div class="lab-pair">
            <figure>
              <figcaption>
                <span class="swatch" style={{ background: policyColor(selected) }} />
                {`${policy.policy.id}: MFE against MAE`}
              </figcaption>
              <ExcursionScatter trades={policy.trades} onPick={setTrade} />
            </figure>
            <figure>
              <figcaption>
                <span class="swatch" style={{ background: policyColor(selected) }} />
                {`${policy.policy.id}: R per trade`}
              </figcaption>
              <RHistogram trades={policy.trades} color={palette.text} />
            </figure>
          </div>
          <h3>{`Replay: ${policy.policy.label}`}</h3>
          <TradeReplay
            bars={bars}
            policy={policy}
            costs={report.options.costs}
            stressed={report.options.stress !== null}
            palette={palette}
            trade={trade}
            onTrade={setTrade}
          />
        </div>
      ) : null}
    </div>
  );
}

function statusText(s: LabViewState): string {
  switch (s.status) {
    case 'idle':
      return 'Ready.';
    case 'running':
      return `Running… ${(s.progress * 100).toFixed(0)}%`;
    case 'done':
      return `Done in ${((s.elapsedMs ?? 0) / 1000).toFixed(1)} s.`;
    case 'cancelled':
      return `Cancelled at ${(s.progress * 100).toFixed(0)}%: this run gave no results.`;
    case 'error':
      return 'Failed.';
  }
}

/** Says whose results are on screen when they are not the latest run's. */
function staleText(status: LabStatus, shown: LabReport): string {
  const r = shown.request;
  const entries = r.entries.includes('\n') ? 'a trade list' : r.entries;
  const what = `the previous run's results (entries ${entries}, costs ${r.costs || 'none'}, sizing ${r.sizing ?? 'risk1%'})`;
  const why =
    status === 'running'
      ? 'a new run is going'
      : status === 'error'
        ? 'the last run failed (see the message above)'
        : 'the last run was cancelled';
  return `Not current: ${why}. Below are ${what}.`;
}
