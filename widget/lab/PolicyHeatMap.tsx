import { useMemo } from 'preact/hooks';
import { heatMap, loadPolicyFile, type HeatMap, type HeatSlice } from '../../engine/index.js';

const ACTION = {
  hold: { text: 'Hold', short: 'H', color: '#2e9d5b' },
  sell25: { text: 'Sell 25%', short: 'S', color: '#d99a1e' },
  liquidate: { text: 'Liquidate', short: 'L', color: '#d9473f' },
} as const;

/** One map per volatility third (the ATR percentile over 100 bars), as the learned table's fine cells pool them. */
const SLICES: readonly { slice: HeatSlice; title: string }[] = [
  { slice: 'low', title: 'Low volatility (ATR percentile < 1/3)' },
  { slice: 'mid', title: 'Middle third' },
  { slice: 'high', title: 'High volatility (> 2/3)' },
];

const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

function SliceMap({ map, title }: { map: HeatMap; title: string }) {
  return (
    <figure class="lab-heat" data-slice={map.slice}>
      <figcaption>{title}</figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">R open \ bars held</th>
            {map.columns.map((c) => (
              <th scope="col" key={c}>
                {c.replace(' bars', '')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.cells.map((row, r) => (
            <tr key={map.rows[r]}>
              <th scope="row">{map.rows[r]}</th>
              {row.map((cell, b) => {
                const known = cell.samples > 0 && !Number.isNaN(cell.advantage);
                const a = ACTION[cell.action];
                return (
                  <td
                    key={b}
                    data-action={known ? cell.action : ''}
                    data-samples={cell.samples}
                    title={
                      known
                        ? `${a.text}: ${signed(cell.advantage)} R over Hold, ${cell.samples} samples`
                        : `not learned (${cell.samples} samples): Hold`
                    }
                    style={
                      known ? { background: a.color, opacity: cell.samples >= 100 ? 1 : 0.55 } : undefined
                    }
                  >
                    {known
                      ? cell.action === 'hold'
                        ? a.short
                        : `${a.short} ${signed(cell.advantage)}`
                      : '·'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/**
 * What a saved learned policy does, readable: its action over unrealised R (rows) x bars held
 * (columns) at full size, one map per volatility third, each cell coloured by the action with
 * its advantage over Hold in R (faded under 100 samples, a dot where nothing was learned), so
 * a trader can see what it learned before trusting it with a run.
 */
export function PolicyHeatMap({ name, text }: { name: string; text: string }) {
  const maps = useMemo(() => {
    try {
      const table = loadPolicyFile(text);
      return { maps: SLICES.map((s) => ({ ...s, map: heatMap(table, s.slice) })), error: null };
    } catch (e) {
      return { maps: [], error: e instanceof Error ? e.message : String(e) };
    }
  }, [text]);
  return (
    <section class="lab-heatmaps" data-role="heat-map" aria-label={`learned policy ${name}`}>
      <h3>{`Learned policy ${name}: its action by unrealised R and bars held`}</h3>
      {maps.error ? (
        <p class="lab-error" role="alert">
          {`${name}: ${maps.error}`}
        </p>
      ) : (
        <>
          <p class="lab-note">
            {Object.values(ACTION).map((a) => (
              <span class="lab-heat-key" key={a.short}>
                <i style={{ background: a.color }} />
                {`${a.short} ${a.text}`}
              </span>
            ))}
            {
              ' Numbers: R the action gains over Hold (net of costs); faded: under 100 samples; ·: not learned (Hold). At full size.'
            }
          </p>
          <div class="lab-heat-row">
            {maps.maps.map((m) => (
              <SliceMap key={m.slice} map={m.map} title={m.title} />
            ))}
          </div>
          <p class="lab-scroll-hint">Swipe a map sideways for every column; the R rows stay in view.</p>
        </>
      )}
    </section>
  );
}
