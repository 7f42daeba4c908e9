import { useState } from 'preact/hooks';
import './journal-tab.css';
import { formatPrice, journal as J, type Bar, type Overlay, type PlanText } from '../../../engine/index.js';
import type { StoredPlan } from '../../storage/plan-record.js';
import {
  currentPlan,
  fieldText,
  fillDraft,
  isoTime,
  journalLegs,
  planChanges,
  roundTo,
  NO_MODELS,
  type ChartModels,
  type FillDraft,
  type JournalLeg,
  type Quote,
} from '../journal-controller.js';
import { useJournal } from '../use-journal.js';
import { JournalFillForm } from './JournalFillForm.js';

export type { Quote };

export interface JournalTabProps {
  symbol: string;
  stored: StoredPlan | null;
  overlay: Overlay | null;
  /** The bars the live chart holds now (none in manual mode): the fill's bar and indicators. */
  bars(): Bar[];
  /** The live book's top, or null: without a book feed, bid, ask and mid are journaled as null. */
  quote?(): Quote | null;
  /** What the chart's reversal model and policy addon show now (none in manual mode): journaled with a fill. */
  models?(): ChartModels;
  /** The URL of the journal page, for the link to the full report. */
  journalPage: string;
}

const planLine = (p: PlanText): string =>
  (Object.entries(p) as [string, unknown][])
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k} ${fieldText(k as keyof PlanText, v)}`)
    .join(' · ');

/**
 * The panel's Journal tab: the open trade's legs (from the saved plan and the engine's position
 * state on the chart), each with "Filled now" at the live price and a typed fill for any leg;
 * the plan as it stood at entry and every later edit with its time. Fills go to storage at once.
 */
export function JournalTab({ symbol, stored, overlay, bars, quote, models, journalPage }: JournalTabProps) {
  const { trade, trades, error, addFill } = useJournal(symbol, stored);
  const [draft, setDraft] = useState<{ draft: FillDraft; pickLeg: boolean } | null>(null);
  const shown = trade ?? (stored ? pseudoTrade(symbol, stored) : null);
  const legs = shown ? journalLegs(shown, overlay) : [];
  const open = trade ? J.openSize(trade) : 0;
  const entered = trade?.fills.filter((x) => x.side === legs[0]?.side).reduce((a, x) => a + x.size, 0) ?? 0;
  const closed = trades.filter((t) => t !== trade && t.fills.length > 0);

  const start = (leg: JournalLeg, pickLeg: boolean): void =>
    setDraft({
      pickLeg,
      draft: fillDraft(leg, pickLeg, {
        bars: bars(),
        quote: quote?.() ?? null,
        plan: shown ? currentPlan(shown) : null,
        now: Date.now(),
      }),
    });

  const confirm = async (f: { leg: JournalLeg; time: number; price: number; size: number; fee: number }) => {
    const q = quote?.() ?? null;
    const market = J.marketAt(bars(), f.time, {
      bid: q?.bid ?? null,
      ask: q?.ask ?? null,
      ...(models?.() ?? NO_MODELS),
    });
    const fill: J.JournalFill = {
      time: f.time,
      side: f.leg.side,
      price: f.price,
      size: f.size,
      fee: f.fee,
      leg: f.leg.id,
      source: 'panel',
      ...(market ? { market } : {}),
    };
    if (await addFill(fill)) setDraft(null);
  };

  return (
    <section class="journal-tab" data-testid="journal-tab">
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {!shown && (
        <p class="hint">Save a plan for {symbol} first: fills are journaled against the plan they follow.</p>
      )}
      {shown && (
        <>
          <p class="journal-status" data-testid="journal-status">
            {!trade || trade.fills.length === 0
              ? 'Not entered yet: the first fill opens the trade on the saved plan.'
              : `Entered ${roundTo(entered, 8)}, open ${roundTo(open, 8)}.`}
          </p>
          <table class="journal-legs" data-testid="journal-legs">
            <thead>
              <tr>
                <th>Leg</th>
                <th>Plan</th>
                <th>Your fills</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {legs.map((leg) => (
                <tr key={leg.id} data-leg={leg.id} data-hit={leg.hitByPlan ? 'yes' : 'no'}>
                  <td>
                    {leg.label}
                    {leg.hitByPlan && <span class="journal-hit"> · hit</span>}
                  </td>
                  <td class="num">{leg.planned === null ? '—' : formatPrice(leg.planned)}</td>
                  <td class="journal-fills">
                    {leg.fills.length === 0
                      ? '—'
                      : leg.fills.map((x) => `${roundTo(x.size, 8)} @ ${formatPrice(x.price)}`).join(', ')}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="small"
                      data-testid={`filled-now-${leg.id}`}
                      onClick={() => start(leg, false)}
                    >
                      Filled now
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {draft ? (
            <JournalFillForm
              key={`${draft.draft.leg}:${draft.pickLeg}`}
              legs={legs}
              draft={draft.draft}
              pickLeg={draft.pickLeg}
              onConfirm={(f) => void confirm(f)}
              onCancel={() => setDraft(null)}
            />
          ) : (
            <button type="button" class="small" data-testid="typed-fill" onClick={() => start(legs[0], true)}>
              Type in a fill
            </button>
          )}
          <PlanHistory trade={shown} entered={!!trade && trade.fills.length > 0} />
        </>
      )}
      {closed.length > 0 && (
        <p class="hint">
          {closed.length} earlier trade(s) of {symbol} in the journal.
        </p>
      )}
      <p class="hint">
        <a href={journalPage} target="_blank" rel="noopener">
          Open the journal page
        </a>{' '}
        for the report, the summary and the exit audit.
      </p>
    </section>
  );
}

/** The saved plan as a trade not entered yet, to list its legs before the first fill. */
function pseudoTrade(symbol: string, stored: StoredPlan): J.JournalTrade {
  return {
    id: '',
    symbol,
    plan: stored.text,
    planTime: Math.floor(stored.updatedAt / 1000),
    edits: [],
    fills: [],
    tags: [],
  };
}

/** The plan as it stood at entry and each edit after it, with its time and what changed. */
function PlanHistory({ trade, entered }: { trade: J.JournalTrade; entered: boolean }) {
  let before = trade.plan;
  return (
    <div class="journal-plan" data-testid="journal-plan">
      <p>
        <strong>{entered ? 'Plan at entry' : 'Plan'}</strong> (saved {isoTime(trade.planTime)}):{' '}
        {planLine(trade.plan)}
      </p>
      {trade.edits.length > 0 && (
        <ol class="journal-edits" data-testid="journal-edits">
          {trade.edits.map((e) => {
            const changes = planChanges(before, e.text);
            before = e.text;
            return (
              <li key={e.time}>
                {isoTime(e.time)}: {changes.join('; ') || 'saved again, unchanged'}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
