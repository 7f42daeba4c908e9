import type { Palette } from '../palette.js';

/** The zones' colours: translucent, so candles and levels read through them in either theme. */
export interface ZoneOptions {
  riskColor: string;
  rewardColor: string;
}

export const zoneOptions = (palette: Palette): ZoneOptions => ({
  riskColor: palette.riskZone,
  rewardColor: palette.rewardZone,
});
