import { fmtPrice } from '../format.js';
import type { BookShieldEvent, BookView, ShieldView } from './book-state.js';
import { bookTime, shieldAlertText } from './book-text.js';
import { formatSize } from './book-state.js';
import { DepthGauge } from './DepthGauge.js';
import { ImbalanceGauge } from './ImbalanceGauge.js';

const STATUS_TEXT = { off: 'off', warming: 'warming', armed: 'armed', idle: 'idle', fired: 'fired' } as const;

function ShieldRow({ shield }: { shield: ShieldView }) {
  const title = shield.name === 'imbalance' ? 'Imbalance' : 'Liquidity';
  const why =
    shield.status === 'fired' && shield.last
      ? `${bookTime(shield.last.timeMs)}: ${shield.last.why}`
      : shield.status === 'idle'
        ? `no open position; ${shield.reading}`
        : shield.status === 'off'
          ? 'off'
          : `${shield.reading} (fires at ${shield.spec})${shield.fired > 0 ? `; fired ${shield.fired}x` : ''}`;
  return (
    <li data-shield={shield.name} data-status={shield.status}>
      <span>{title}</span>
      <span class={`ep-shield-state ${shield.status}`}>{STATUS_TEXT[shield.status]}</span>
      <span class="why">{why}</span>
    </li>
  );
}

export interface BookPanelProps {
  view: BookView;
  /** The imbalance shield's threshold, for the gauge's marks (null: shield off). */
  threshold: number | null;
  /** The kill-switch's line as a depth ratio (0.3 for 70%), for the depth gauge's mark. */
  depthLine: number | null;
  /** Shield markers on the chart. */
  markers: number;
  /** Folded to its heading line (the live state, spread, imbalance and each shield's state). */
  folded: boolean;
  onFold(folded: boolean): void;
}

/**
 * The order book under the legend: spread in price and bps, the imbalance gauge, depth against
 * its rolling median, each shield's state and why, the alert lines, and a stale state when the
 * book has gone quiet. Everything from the feed is rendered as text.
 */
export function BookPanel({ view, threshold, depthLine, markers, folded, onFold }: BookPanelProps) {
  const waiting = view.updates === 0;
  const alerts = view.events.slice(-3).reverse();
  return (
    <section
      class={`ep-book${view.stale && !waiting ? ' stale' : ''}${folded ? ' folded' : ''}`}
      aria-label="order book"
      data-updates={view.updates}
      data-trades={view.trades}
      data-markers={markers}
    >
      <h3>
        <button type="button" class="ep-book-fold" aria-expanded={!folded} onClick={() => onFold(!folded)}>
          {folded ? '▸' : '▾'} Order book
        </button>
        {waiting ? (
          <span class="ep-badge">waiting for the book</span>
        ) : view.stale ? (
          <span class="ep-badge stale" role="status">
            book stale: no update for {view.silentSeconds} s
          </span>
        ) : (
          <span class="ep-badge live">live · {bookTime(view.timeMs)}</span>
        )}
        {folded && !waiting && <FoldedLine view={view} />}
      </h3>
      {!folded && <BookDetail view={view} threshold={threshold} depthLine={depthLine} alerts={alerts} />}
    </section>
  );
}

/** The folded panel's line: what a glance needs (the alert itself arrives as a notification). */
function FoldedLine({ view }: { view: BookView }) {
  return (
    <span class="ep-book-line">
      <span data-stat="spread-bps">
        {Number.isFinite(view.spreadBps) ? view.spreadBps.toFixed(2) : '–'} bps
      </span>
      <span data-stat="imbalance-line">
        imb {Number.isFinite(view.imbalance) ? view.imbalance.toFixed(2) : '–'}
      </span>
      {view.depthUpdates > 0 && (
        <span data-stat="imbalance-top-line">
          top{view.topLevels} {Number.isFinite(view.imbalanceTop) ? view.imbalanceTop.toFixed(2) : '–'}
        </span>
      )}
      {view.shields.map((s) => (
        <span key={s.name} class={`ep-shield-state ${s.status}`} data-shield-line={s.name}>
          {s.name === 'imbalance' ? 'imb' : 'liq'} {STATUS_TEXT[s.status]}
        </span>
      ))}
    </span>
  );
}

function BookDetail({
  view,
  threshold,
  depthLine,
  alerts,
}: {
  view: BookView;
  threshold: number | null;
  depthLine: number | null;
  alerts: BookShieldEvent[];
}) {
  return (
    <>
      {view.problems.map((p) => (
        <p class="ep-warn" key={p}>
          {p}
        </p>
      ))}
      <div class="ep-book-grid">
        <div class="ep-book-stat" data-stat="spread">
          <span class="k">Spread</span>
          <span class="v">
            {fmtPrice(view.spread)} · {Number.isFinite(view.spreadBps) ? view.spreadBps.toFixed(2) : '–'} bps
          </span>
          <span class="k">
            bid {fmtPrice(view.bid)} / ask {fmtPrice(view.ask)}
          </span>
        </div>
        <div class="ep-book-stat" data-stat="imbalance">
          <span class="k">Imbalance (level 1)</span>
          <span class="v">{Number.isFinite(view.imbalance) ? view.imbalance.toFixed(2) : '–'}</span>
          <ImbalanceGauge imbalance={view.imbalance} threshold={threshold} />
        </div>
        {view.depthUpdates > 0 && (
          <div class="ep-book-stat" data-stat="imbalance-top">
            <span class="k">Imbalance (top {view.topLevels} levels)</span>
            <span class="v">{Number.isFinite(view.imbalanceTop) ? view.imbalanceTop.toFixed(2) : '–'}</span>
            <ImbalanceGauge
              imbalance={view.imbalanceTop}
              threshold={null}
              label={`order book imbalance, top ${view.topLevels} levels`}
            />
          </div>
        )}
        <div class="ep-book-stat" data-stat="depth">
          <span class="k">Depth vs rolling median</span>
          <span class="v">
            {formatSize(view.depth)} / {formatSize(view.depthMedian)}
            {Number.isFinite(view.depthRatio) ? ` (${(view.depthRatio * 100).toFixed(0)}%)` : ' (warming up)'}
          </span>
          <DepthGauge ratio={view.depthRatio} line={depthLine} />
        </div>
        <div class="ep-book-stat" data-stat="cvd">
          <span class="k">Volume delta ({view.trades} trades)</span>
          <span class={`v ${view.cvd > 0 ? 'pos' : view.cvd < 0 ? 'neg' : ''}`}>{formatSize(view.cvd)}</span>
        </div>
      </div>
      <ul class="ep-shields">
        {view.shields.map((s) => (
          <ShieldRow shield={s} key={s.name} />
        ))}
      </ul>
      {alerts.map((e) => (
        <p class="ep-book-alert" role="alert" key={`${e.shield}:${e.timeMs}`} data-shield={e.shield}>
          {shieldAlertText(e)}
        </p>
      ))}
    </>
  );
}
