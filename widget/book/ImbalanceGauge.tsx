/**
 * Imbalance (level 1 or top N) on a -1..+1 bar: green grows right from the middle when bids outweigh asks,
 * red grows left when asks do; the two marks are the shield's thresholds (±θ; none for top N, which no shield reads).
 */
export function ImbalanceGauge({
  imbalance,
  threshold,
  label = 'order book imbalance',
}: {
  imbalance: number;
  threshold: number | null;
  label?: string;
}) {
  const x = Number.isFinite(imbalance) ? Math.max(-1, Math.min(1, imbalance)) : 0;
  const width = `${Math.abs(x) * 50}%`;
  const fill = x >= 0 ? { left: '50%', width } : { right: '50%', width };
  return (
    <div
      class="ep-gauge"
      role="meter"
      aria-label={label}
      aria-valuemin={-1}
      aria-valuemax={1}
      aria-valuenow={Number.isFinite(imbalance) ? Number(imbalance.toFixed(3)) : undefined}
    >
      <div class={`fill ${x >= 0 ? 'bid' : 'ask'}`} style={fill} />
      <div class="mid" />
      {threshold !== null && <div class="mark" style={{ left: `${50 - threshold * 50}%` }} />}
      {threshold !== null && <div class="mark" style={{ left: `${50 + threshold * 50}%` }} />}
    </div>
  );
}
