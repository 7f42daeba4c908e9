import type { CompareResult } from '../compare-session.js';
import { fmtR, signClass } from '../format.js';

/** The same path exited two ways, side by side: the R each policy has produced so far. */
export function CompareCard({ compare }: { compare: CompareResult }) {
  return (
    <section class="ep-compare" aria-label="All-in-all-out versus scaled out">
      <div class="ep-card" data-policy="all-in">
        <div class="what">
          All in, all out (100% at {compare.allInTarget.split(' ').slice(1, 2).join('') || 'last target'}, no
          trail)
        </div>
        <div class={`r ${signClass(compare.allInR)}`}>{fmtR(compare.allInR)}</div>
        <div class="what">
          {compare.allInFills} fill{compare.allInFills === 1 ? '' : 's'} · {compare.allInStatus}
        </div>
      </div>
      <div class="ep-card" data-policy="scaled">
        <div class="what">Scaled out (this plan)</div>
        <div class={`r ${signClass(compare.scaledR)}`}>{fmtR(compare.scaledR)}</div>
        <div class="what">
          {compare.scaledFills} fill{compare.scaledFills === 1 ? '' : 's'} · {compare.scaledStatus}
        </div>
      </div>
    </section>
  );
}
