import { MIN_SIZE, type PanelLayout } from '../storage/layout.js';

/**
 * The panel's frame on the host page: a closed shadow root (the page's CSS cannot style it
 * and its scripts cannot reach into it) holding a drag bar, collapse/close buttons, the
 * extension-origin iframe and a resize grip. Only text nodes, no HTML strings.
 */
export interface PanelFrame {
  readonly host: HTMLElement;
  readonly iframe: HTMLIFrameElement;
  setLayout(layout: PanelLayout): void;
  setTitle(text: string): void;
  destroy(): void;
}

const STYLE = `
:host { all: initial; }
.frame { position: fixed; z-index: 2147483646; display: flex; flex-direction: column; background: #131722;
  border: 1px solid #2a2e39; border-radius: 8px; box-shadow: 0 8px 28px rgba(0,0,0,.45); overflow: hidden;
  font: 12px/1.2 system-ui, -apple-system, "Segoe UI", sans-serif; color: #d1d4dc; }
.bar { display: flex; align-items: center; gap: 6px; height: 28px; padding: 0 6px 0 10px; background: #1e222d;
  cursor: move; user-select: none; flex: none; }
.title { flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-weight: 600; letter-spacing: .2px; }
.brand { color: #26a69a; margin-right: 6px; }
button { all: unset; cursor: pointer; width: 22px; height: 22px; border-radius: 4px; text-align: center;
  line-height: 22px; color: #b2b5be; font-size: 14px; }
button:hover { background: #2a2e39; color: #fff; }
button:focus-visible { outline: 2px solid #2962ff; }
iframe { flex: 1; border: 0; width: 100%; background: #131722; color-scheme: normal; }
.grip { position: absolute; right: 0; bottom: 0; width: 14px; height: 14px; cursor: nwse-resize;
  background: linear-gradient(135deg, transparent 50%, #434651 50%, #434651 60%, transparent 60%, transparent 75%, #434651 75%, #434651 85%, transparent 85%); }
.frame.collapsed iframe, .frame.collapsed .grip { display: none; }
.frame.light { background: #fff; border-color: #d9dde3; color: #131722; box-shadow: 0 8px 28px rgba(0,0,0,.18); }
.frame.light .bar { background: #f0f3fa; }
.frame.light button { color: #6a6d78; }
.frame.light button:hover { background: #e0e3eb; color: #131722; }
.frame.light iframe { background: #fff; }
.frame.dragging iframe { pointer-events: none; }
`;

export function createPanelFrame(
  src: string,
  initial: PanelLayout,
  handlers: { onLayout(layout: PanelLayout): void; onClose(): void },
  light = false,
): PanelFrame {
  const host = document.createElement('exitplan-panel');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const frame = document.createElement('div');
  frame.className = light ? 'frame light' : 'frame';
  frame.setAttribute('role', 'dialog');
  frame.setAttribute('aria-label', 'exitplan panel');
  const bar = document.createElement('div');
  bar.className = 'bar';
  const title = document.createElement('div');
  title.className = 'title';
  const brand = document.createElement('span');
  brand.className = 'brand';
  brand.textContent = 'exitplan';
  const titleText = document.createElement('span');
  title.append(brand, titleText);
  const collapse = document.createElement('button');
  collapse.setAttribute('aria-label', 'Collapse panel');
  const close = document.createElement('button');
  close.textContent = '×';
  close.setAttribute('aria-label', 'Close panel');
  close.title = 'Close (Alt+Shift+E opens it again)';
  bar.append(title, collapse, close);
  const iframe = document.createElement('iframe');
  iframe.src = src;
  iframe.title = 'exitplan';
  iframe.setAttribute('allow', 'clipboard-write');
  const grip = document.createElement('div');
  grip.className = 'grip';
  frame.append(bar, iframe, grip);
  root.append(style, frame);

  let layout = { ...initial };
  const apply = (): void => {
    const width = Math.min(layout.width, window.innerWidth - 8);
    const x = layout.x < 0 ? window.innerWidth - width - 16 : Math.min(layout.x, window.innerWidth - 80);
    const y = Math.min(Math.max(0, layout.y), window.innerHeight - 28);
    frame.style.left = `${Math.max(0, x)}px`;
    frame.style.top = `${y}px`;
    frame.style.width = `${width}px`;
    frame.style.height = layout.collapsed ? '28px' : `${Math.min(layout.height, window.innerHeight - y)}px`;
    frame.classList.toggle('collapsed', layout.collapsed);
    collapse.textContent = layout.collapsed ? '▢' : '–';
    collapse.title = layout.collapsed ? 'Expand' : 'Collapse';
    host.style.display = layout.open ? '' : 'none';
  };
  apply();

  // Drag by the bar, resize by the grip: pointer capture keeps the gesture even over the iframe.
  const gesture = (target: HTMLElement, move: (dx: number, dy: number, start: PanelLayout) => void): void => {
    target.addEventListener('pointerdown', (down: PointerEvent) => {
      if (down.button !== 0 || (down.target as HTMLElement).tagName === 'BUTTON') return;
      const rect = frame.getBoundingClientRect();
      const start = { ...layout, x: rect.left, y: rect.top, width: rect.width, height: rect.height };
      target.setPointerCapture(down.pointerId);
      frame.classList.add('dragging');
      const onMove = (e: PointerEvent): void => {
        move(e.clientX - down.clientX, e.clientY - down.clientY, start);
        apply();
      };
      const onUp = (): void => {
        frame.classList.remove('dragging');
        target.removeEventListener('pointermove', onMove);
        target.removeEventListener('pointerup', onUp);
        handlers.onLayout({ ...layout });
      };
      target.addEventListener('pointermove', onMove);
      target.addEventListener('pointerup', onUp);
      down.preventDefault();
    });
  };
  gesture(bar, (dx, dy, start) => {
    layout.x = Math.max(0, Math.round(start.x + dx));
    layout.y = Math.max(0, Math.round(start.y + dy));
  });
  gesture(grip, (dx, dy, start) => {
    layout.x = Math.round(start.x);
    layout.width = Math.max(MIN_SIZE.width, Math.round(start.width + dx));
    layout.height = Math.max(MIN_SIZE.height, Math.round(start.height + dy));
  });
  collapse.addEventListener('click', () => {
    layout.collapsed = !layout.collapsed;
    apply();
    handlers.onLayout({ ...layout });
  });
  close.addEventListener('click', () => handlers.onClose());
  const onResize = (): void => apply();
  window.addEventListener('resize', onResize);

  return {
    host,
    iframe,
    setLayout(next) {
      layout = { ...next };
      apply();
    },
    setTitle(text) {
      titleText.textContent = text;
    },
    destroy() {
      window.removeEventListener('resize', onResize);
      host.remove();
    },
  };
}
