import type { StorageArea } from '../platform/browser-api.js';
import { LAYOUT_KEY } from './keys.js';

/** Where the panel sits on the page, in CSS pixels from the top-left of the viewport. */
export interface PanelLayout {
  x: number;
  y: number;
  width: number;
  height: number;
  collapsed: boolean;
  /** Shown or hidden (toolbar button / shortcut); remembered across page loads. */
  open: boolean;
}

export const DEFAULT_LAYOUT: PanelLayout = {
  x: -1,
  y: 72,
  width: 470,
  height: 660,
  collapsed: false,
  open: true,
};
export const MIN_SIZE = { width: 300, height: 220 };

/** Any field out of shape falls back to its default; sizes are clamped to something usable. */
export function normaliseLayout(raw: unknown): PanelLayout {
  const source = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const num = (key: 'x' | 'y' | 'width' | 'height', min: number): number => {
    const value = source[key];
    return typeof value === 'number' && Number.isFinite(value)
      ? Math.max(min, Math.round(value))
      : DEFAULT_LAYOUT[key];
  };
  return {
    x: num('x', -1),
    y: num('y', 0),
    width: num('width', MIN_SIZE.width),
    height: num('height', MIN_SIZE.height),
    collapsed: typeof source.collapsed === 'boolean' ? source.collapsed : DEFAULT_LAYOUT.collapsed,
    open: typeof source.open === 'boolean' ? source.open : DEFAULT_LAYOUT.open,
  };
}

export async function loadLayout(area: StorageArea): Promise<PanelLayout> {
  const { [LAYOUT_KEY]: raw } = await area.get(LAYOUT_KEY);
  return normaliseLayout(raw);
}

export async function saveLayout(area: StorageArea, layout: PanelLayout): Promise<void> {
  await area.set({ [LAYOUT_KEY]: normaliseLayout(layout) });
}
