import { useEffect, useState } from 'preact/hooks';
import { paletteFor } from '../chart/palette.js';
import type { ViewState, WidgetController } from '../controller.js';
import { themeVars } from '../styles.js';
import { ChartHost } from './ChartHost.js';
import { CompareCard } from './CompareCard.js';
import { ErrorBox } from './ErrorBox.js';
import { Legend } from './Legend.js';
import { PlanForm } from './PlanForm.js';
import { ReplayControls } from './ReplayControls.js';
import { StatusBadges } from './StatusBadges.js';

export interface AppProps {
  controller: WidgetController;
  title?: string;
  height: number;
  showForm: boolean;
  /** False: no legend, the chart takes the whole width (the extension panel lists the levels). */
  showLegend?: boolean;
}

/** The widget's box: header, chart + legend, replay controls, comparison and the plan form. */
export function App({ controller, title, height, showForm, showLegend = true }: AppProps) {
  const [state, setState] = useState<ViewState>(controller.state);
  useEffect(() => {
    // Effects run after the first paint: catch up on anything that happened in between.
    setState(controller.state);
    return controller.subscribe(setState);
  }, [controller]);
  const vars = themeVars(paletteFor(state.theme));
  return (
    <div class={`ep ep-${state.theme}`} style={vars} data-phase={state.phase}>
      <div class="ep-head">
        <span class="ep-title">{title ?? 'Exit plan'}</span>
        <StatusBadges state={state} />
        {state.phase === 'ready' && (
          <>
            <label class="ep-toggle">
              <input
                type="checkbox"
                checked={state.indicators.bb}
                onChange={(e) =>
                  controller.setIndicatorsShown({ bb: (e.target as HTMLInputElement).checked })
                }
              />
              Bollinger
            </label>
            <label class="ep-toggle">
              <input
                type="checkbox"
                checked={state.indicators.rsi}
                onChange={(e) =>
                  controller.setIndicatorsShown({ rsi: (e.target as HTMLInputElement).checked })
                }
              />
              RSI
            </label>
          </>
        )}
      </div>
      {state.phase === 'error' && state.error && (
        <ErrorBox title={state.error.title} detail={state.error.detail} />
      )}
      {state.phase !== 'error' && (
        <div class="ep-body" style={showLegend ? undefined : { gridTemplateColumns: 'minmax(0, 1fr)' }}>
          {/* Mounted while loading too, so the chart is built while the bars are on their way. */}
          <ChartHost controller={controller} height={height} loading={state.phase === 'loading'} />
          {showLegend &&
            (state.overlay ? (
              <Legend
                overlay={state.overlay}
                precision={controller.charts.precision}
                trail={state.planText?.trail ?? 'none'}
              />
            ) : (
              <aside class="ep-side" />
            ))}
        </div>
      )}
      {state.phase === 'ready' && state.overlay && (
        <>
          {state.replay && <ReplayControls controller={controller} replay={state.replay} />}
          {controller.addons.size > 0 && <div class="ep-addons">{controller.addons.views()}</div>}
          {state.compare && <CompareCard compare={state.compare} />}
          {showForm && state.planText && (
            <PlanForm controller={controller} plan={state.planText} error={state.formError} />
          )}
          <a
            class="ep-attribution"
            href="https://www.tradingview.com/lightweight-charts/"
            target="_blank"
            rel="noopener noreferrer"
          >
            Charts by TradingView Lightweight Charts™
          </a>
          {state.notices.map((notice) => (
            <div class="ep-note" key={notice}>
              {notice}
            </div>
          ))}
          {state.engineNote && state.engineMode === 'main-thread' && (
            <div class="ep-note">Engine on the page's main thread: {state.engineNote}.</div>
          )}
        </>
      )}
    </div>
  );
}
