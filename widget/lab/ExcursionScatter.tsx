import type { Trade } from '../../engine/index.js';
import { excursions } from './lab-data.js';

const W = 360;
const H = 200;
const PAD = { left: 34, right: 8, top: 10, bottom: 26 };

/** MFE against MAE in R per trade: where winners and losers sit shows what the exits left behind. */
export function ExcursionScatter({
  trades,
  onPick,
}: {
  trades: readonly Trade[];
  onPick: (index: number) => void;
}) {
  const points = excursions(trades);
  if (points.length === 0) return <p class="lab-empty">No trades.</p>;
  // Headroom past the largest MAE: stops sit at 1R and would otherwise hug the right edge.
  const xMax = Math.max(1, Math.ceil(Math.max(...points.map((p) => p.mae)) + 0.2));
  const yMax = Math.max(1, Math.ceil(Math.min(10, Math.max(...points.map((p) => p.mfe)))));
  const x = (v: number): number => PAD.left + (Math.min(v, xMax) / xMax) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (Math.min(v, yMax) / yMax) * (H - PAD.top - PAD.bottom);
  const xs = Array.from({ length: xMax + 1 }, (_, k) => k);
  const ys = Array.from({ length: yMax + 1 }, (_, k) => k).filter((k) => yMax <= 6 || k % 2 === 0);
  return (
    <svg class="lab-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="MFE against MAE per trade">
      {ys.map((k) => (
        <line key={`g${k}`} x1={PAD.left} x2={W - PAD.right} y1={y(k)} y2={y(k)} stroke="var(--ep-grid)" />
      ))}
      {points.map((p) => (
        <circle
          key={p.index}
          cx={x(p.mae)}
          cy={y(p.mfe)}
          r={2.5}
          fill={p.r > 0 ? 'var(--ep-up)' : 'var(--ep-down)'}
          opacity={0.6}
          onClick={() => onPick(p.index)}
        >
          <title>{`trade ${p.index + 1}: MAE ${p.mae.toFixed(2)}R, MFE ${p.mfe.toFixed(2)}R, net ${p.r.toFixed(2)}R`}</title>
        </circle>
      ))}
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} stroke="var(--ep-border)" />
      <line
        x1={PAD.left}
        x2={W - PAD.right}
        y1={H - PAD.bottom}
        y2={H - PAD.bottom}
        stroke="var(--ep-border)"
      />
      {xs.map((k) => (
        <text key={`x${k}`} x={x(k)} y={H - PAD.bottom + 14} text-anchor="middle" class="lab-tick">
          {`${k}R`}
        </text>
      ))}
      {ys.map((k) => (
        <text key={`y${k}`} x={PAD.left - 4} y={y(k) + 3} text-anchor="end" class="lab-tick">
          {`${k}R`}
        </text>
      ))}
      <text x={W - PAD.right} y={H - 2} text-anchor="end" class="lab-axis">
        MAE (R)
      </text>
      <text x={PAD.left + 4} y={PAD.top + 8} class="lab-axis">
        MFE (R)
      </text>
    </svg>
  );
}
