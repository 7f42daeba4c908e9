import { describeMarket, type FeedStatus, type Market } from '../../feeds/index.js';
import { FeedBadge } from './FeedBadge.js';

/** Symbol, timeframe, where the data comes from, its state, and the live/manual switch. */
export function PanelHeader(props: {
  symbol: string | null;
  timeframe: string;
  market: Market | null;
  status: FeedStatus | null;
  manual: boolean;
  onToggleManual(): void;
}) {
  return (
    <header class="top">
      <div class="ident">
        <strong data-testid="symbol">{props.symbol ?? 'No symbol'}</strong>
        <span class="muted">{props.timeframe}</span>
        {props.market && <span class="muted market">{describeMarket(props.market)}</span>}
      </div>
      <div class="mode">
        <FeedBadge status={props.status} />
        <button
          type="button"
          class={`toggle${props.manual ? ' on' : ''}`}
          onClick={props.onToggleManual}
          disabled={!props.market}
        >
          {props.manual ? 'Live' : 'Manual'}
        </button>
      </div>
    </header>
  );
}
