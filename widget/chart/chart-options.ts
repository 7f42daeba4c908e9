import {
  ColorType,
  CrosshairMode,
  type ChartOptions,
  type DeepPartial,
  type TimeScaleOptions,
} from 'lightweight-charts';
import type { Palette } from './palette.js';
import { tickMarkLabel } from './time-labels.js';

/** The chart's colours for a theme: what setPalette changes on a chart already built. */
export function themeOptions(palette: Palette): DeepPartial<ChartOptions> {
  return {
    layout: {
      background: { type: ColorType.Solid, color: palette.background },
      textColor: palette.text,
      panes: { separatorColor: palette.border },
    },
    grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
    rightPriceScale: { borderColor: palette.border },
    timeScale: { borderColor: palette.border },
  };
}

/** Everything createChart is given: the theme, plus what never changes after. */
export function chartOptions(palette: Palette): DeepPartial<ChartOptions> {
  const theme = themeOptions(palette);
  const timeScale: DeepPartial<TimeScaleOptions> = {
    ...theme.timeScale,
    timeVisible: true,
    secondsVisible: false,
    rightOffset: 8,
    tickMarkFormatter: tickMarkLabel,
  };
  return {
    ...theme,
    autoSize: true,
    layout: {
      ...theme.layout,
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      // lightweight-charts is Apache-2.0 and asks for attribution: the widget shows it as a link
      // of its own (components/App.tsx). The library's logo sets innerHTML and adds a <style>,
      // which pages with Trusted Types or style-src 'self' refuse (the first fatally).
      attributionLogo: false,
    },
    crosshair: { mode: CrosshairMode.Normal },
    timeScale,
  };
}
