/** Colours per theme; one place so the legend, form and chart agree. Chosen for contrast on both backgrounds. */
export interface Palette {
  name: 'light' | 'dark';
  background: string;
  text: string;
  muted: string;
  grid: string;
  border: string;
  up: string;
  down: string;
  entry: string;
  stop: string;
  trail: string;
  target: string;
  breakeven: string;
  band: string;
  bandMiddle: string;
  rsi: string;
  exhaustion: string;
  decay: string;
  /** The shaded zones from the entry to the stop (risk) and to the last target (reward). */
  riskZone: string;
  rewardZone: string;
}

export const LIGHT: Palette = {
  name: 'light',
  background: '#ffffff',
  text: '#1f2937',
  muted: '#6b7280',
  grid: '#f0f2f5',
  border: '#d9dde3',
  up: '#089981',
  down: '#f23645',
  entry: '#2962ff',
  stop: '#d50000',
  trail: '#ef6c00',
  target: '#00897b',
  breakeven: '#7b1fa2',
  band: 'rgba(103, 58, 183, 0.55)',
  bandMiddle: 'rgba(103, 58, 183, 0.3)',
  rsi: '#7e57c2',
  exhaustion: '#ff9800',
  decay: '#78909c',
  riskZone: 'rgba(213, 0, 0, 0.08)',
  rewardZone: 'rgba(0, 137, 123, 0.09)',
};

export const DARK: Palette = {
  name: 'dark',
  background: '#131722',
  text: '#d1d4dc',
  muted: '#8b93a7',
  grid: '#1e2230',
  border: '#2a2e39',
  up: '#26a69a',
  down: '#ef5350',
  entry: '#5b8cff',
  stop: '#ff5252',
  trail: '#ffa726',
  target: '#4db6ac',
  breakeven: '#ce93d8',
  band: 'rgba(179, 157, 219, 0.6)',
  bandMiddle: 'rgba(179, 157, 219, 0.3)',
  rsi: '#b39ddb',
  exhaustion: '#ffb74d',
  decay: '#90a4ae',
  riskZone: 'rgba(255, 82, 82, 0.12)',
  rewardZone: 'rgba(77, 182, 172, 0.12)',
};

export function paletteFor(theme: 'light' | 'dark'): Palette {
  return theme === 'dark' ? DARK : LIGHT;
}
