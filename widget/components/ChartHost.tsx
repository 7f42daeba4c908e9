import { useEffect, useRef } from 'preact/hooks';
import type { WidgetController } from '../controller.js';

/** The element lightweight-charts draws into; the controller owns the chart itself. */
export function ChartHost({
  controller,
  height,
  loading,
}: {
  controller: WidgetController;
  height: number;
  loading: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) controller.attachChart(ref.current);
    return () => controller.detachChart();
  }, [controller]);
  return (
    <div class="ep-chart-wrap" style={{ height: `${height}px` }}>
      {loading && (
        <div class="ep-loading" role="status">
          Loading bars and starting the exit engine…
        </div>
      )}
      <div
        class="ep-chart"
        ref={ref}
        style={{ height: `${height}px` }}
        aria-label="Price chart with the exit plan"
        role="img"
      />
    </div>
  );
}
