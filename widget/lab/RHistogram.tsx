import type { Trade } from '../../engine/index.js';
import { histogram } from './lab-data.js';

const W = 360;
const H = 200;
const PAD = { left: 34, right: 8, top: 10, bottom: 26 };

/** Distribution of net R per trade for one policy, 0.25R bins, losses red and wins green. */
export function RHistogram({ trades, color }: { trades: readonly Trade[]; color: string }) {
  const bins = histogram(
    trades.map((t) => t.r),
    0.25,
  );
  if (bins.length === 0) return <p class="lab-empty">No trades.</p>;
  const max = Math.max(...bins.map((b) => b.count));
  const lo = bins[0].from;
  const hi = bins[bins.length - 1].to;
  const x = (r: number): number => PAD.left + ((r - lo) / (hi - lo)) * (W - PAD.left - PAD.right);
  const y = (c: number): number => H - PAD.bottom - (c / max) * (H - PAD.top - PAD.bottom);
  const ticks = [];
  for (let r = Math.ceil(lo); r <= Math.floor(hi); r++) ticks.push(r);
  return (
    <svg class="lab-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="histogram of R per trade">
      {bins.map((b) => (
        <rect
          key={b.from}
          x={x(b.from) + 0.5}
          y={y(b.count)}
          width={Math.max(1, x(b.to) - x(b.from) - 1)}
          height={H - PAD.bottom - y(b.count)}
          fill={b.from >= 0 ? 'var(--ep-up)' : 'var(--ep-down)'}
          opacity={0.8}
        >
          <title>{`${b.from.toFixed(2)}R to ${b.to.toFixed(2)}R: ${b.count}`}</title>
        </rect>
      ))}
      <line x1={x(0)} x2={x(0)} y1={PAD.top} y2={H - PAD.bottom} stroke={color} stroke-dasharray="3 3" />
      <line
        x1={PAD.left}
        x2={W - PAD.right}
        y1={H - PAD.bottom}
        y2={H - PAD.bottom}
        stroke="var(--ep-border)"
      />
      {ticks.map((r) => (
        <text key={r} x={x(r)} y={H - PAD.bottom + 14} text-anchor="middle" class="lab-tick">
          {`${r}R`}
        </text>
      ))}
      <text x={PAD.left - 4} y={PAD.top + 8} text-anchor="end" class="lab-tick">
        {max}
      </text>
      <text x={W - PAD.right} y={H - 2} text-anchor="end" class="lab-axis">
        net R per trade
      </text>
    </svg>
  );
}
