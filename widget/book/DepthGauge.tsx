/**
 * Top-of-book depth against its rolling median: the bar is depth / median on a 0..2x scale
 * (the middle is "as usual"), the mark is the kill-switch's line (e.g. 0.3 for 70% below).
 */
export function DepthGauge({ ratio, line }: { ratio: number; line: number | null }) {
  const shown = Number.isFinite(ratio) ? Math.max(0, Math.min(2, ratio)) : 0;
  const low = line !== null && Number.isFinite(ratio) && ratio <= line;
  return (
    <div
      class="ep-gauge"
      role="meter"
      aria-label="depth against its median"
      aria-valuemin={0}
      aria-valuemax={2}
      aria-valuenow={Number.isFinite(ratio) ? Number(ratio.toFixed(3)) : undefined}
    >
      <div class={`fill ${low ? 'ask' : 'bid'}`} style={{ left: '0', width: `${shown * 50}%` }} />
      <div class="mid" />
      {line !== null && <div class="mark" style={{ left: `${line * 50}%` }} />}
    </div>
  );
}
