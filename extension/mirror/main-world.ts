import type { MirrorLine } from '../shared/messages.js';
import { FROM_MAIN, asToMain, type FromMain } from '../shared/window-messages.js';
import { findChartApi, type ChartApi, type EntityId } from './chart-api.js';

/**
 * Runs in the page's own JavaScript world (content_scripts world: MAIN) so it can reach the
 * page's chart object. It draws the plan's levels as native horizontal lines, replaces them
 * when a price moves, removes them when the plan is cleared, and does nothing where the page
 * has no such API. It never reads anything back from the page into the extension except
 * "available" and a count.
 */
const drawn = new Map<string, { entity: EntityId; price: number; label: string; chart: ChartApi }>();

function post(status: Omit<FromMain, 'channel' | 'type'>): void {
  window.postMessage({ channel: FROM_MAIN, type: 'status', ...status }, window.location.origin);
}

function remove(id: string): void {
  const line = drawn.get(id);
  if (!line) return;
  drawn.delete(id);
  try {
    line.chart.removeEntity(line.entity);
  } catch {
    // The site already removed it (user deleted the drawing, chart reloaded): nothing to undo.
  }
}

async function draw(lines: MirrorLine[]): Promise<void> {
  const chart = findChartApi(window);
  if (!chart) {
    post({ available: false, drawn: 0 });
    return;
  }
  const wanted = new Set(lines.map((l) => l.id));
  for (const id of [...drawn.keys()]) if (!wanted.has(id)) remove(id);
  let error: string | undefined;
  for (const line of lines) {
    const current = drawn.get(line.id);
    if (current && current.chart === chart && current.price === line.price && current.label === line.label)
      continue;
    remove(line.id);
    try {
      const entity = await chart.createShape(
        { price: line.price },
        {
          shape: 'horizontal_line',
          text: line.label,
          lock: true,
          disableSelection: true,
          disableSave: true,
          disableUndo: true,
          overrides: { linecolor: line.color, textcolor: line.color, linewidth: 1, showLabel: true },
        },
      );
      if (entity !== null && entity !== undefined)
        drawn.set(line.id, { entity, price: line.price, label: line.label, chart });
    } catch (e) {
      error = `createShape failed: ${String((e as Error).message ?? e).slice(0, 150)}`;
    }
  }
  post({ available: true, drawn: drawn.size, ...(error ? { error } : {}) });
}

function clear(): void {
  for (const id of [...drawn.keys()]) remove(id);
  post({ available: findChartApi(window) !== null, drawn: 0 });
}

// One update at a time: createShape may be async, and two interleaved draws would double lines.
let queue: Promise<void> = Promise.resolve();

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window || event.origin !== window.location.origin) return;
  const message = asToMain(event.data);
  if (!message) return;
  queue = queue.then(() => (message.type === 'clear' ? clear() : draw(message.lines))).catch(() => undefined);
});
