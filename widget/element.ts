import { h, render } from 'preact';
import type { Bar, BookTop, Overlay, PlanSpec, PlanText } from '../engine/index.js';
import { PLAN_ATTRIBUTES, SETUP_ATTRIBUTES, optionsFromElement, planFromAttributes } from './attributes.js';
import { paletteFor } from './chart/palette.js';
import { ErrorBox } from './components/ErrorBox.js';
import { markupWorkerUrl } from './engine-origin.js';
import { describeError } from './errors.js';
import { mountInto } from './mount.js';
import { adoptWidgetStyles, themeVars } from './styles.js';
import type { BookSnapshot } from './book/book-addon.js';
import type { DrawnState, EngineMode, WidgetHandle } from './types.js';

/** The methods `<exit-plan>` shares with mount()'s handle. */
export interface ExitPlanElementApi extends Omit<WidgetHandle, 'ready'> {
  /**
   * Resolves once the first plan is drawn or an error message is shown, as mount()'s does;
   * the element mounts on DOMContentLoaded, and a `ready` read before that waits for it too.
   */
  readonly ready: Promise<void>;
}

/**
 * Defines `<exit-plan>` (once per page; a second call is a no-op). Kept in a function so that
 * importing the widget's index has no side effects and works where HTMLElement does not exist.
 */
export function defineExitPlanElement(tagName = 'exit-plan'): void {
  if (typeof customElements === 'undefined' || customElements.get(tagName)) return;

  class ExitPlanElement extends HTMLElement implements ExitPlanElementApi {
    static get observedAttributes(): string[] {
      return [...PLAN_ATTRIBUTES, ...SETUP_ATTRIBUTES];
    }

    private handle: WidgetHandle | null = null;
    private errorText: string | null = null;
    private errorRoot: HTMLElement | null = null;
    private unstyleError: () => void = () => undefined;
    /**
     * Settles the `ready` handed out before the first mount (the widget mounts on
     * DOMContentLoaded). Declared before readyPromise, whose initializer sets it: fields are
     * initialized in order, so the other way round this default would overwrite the resolver.
     */
    private settleFirstReady: (ready?: Promise<void>) => void = () => undefined;
    private readyPromise = new Promise<void>((resolve) => (this.settleFirstReady = resolve));
    private remountQueued = false;

    get ready(): Promise<void> {
      return this.readyPromise;
    }

    connectedCallback(): void {
      // Inline JSON bars are children: wait until the parser has seen them.
      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', () => this.isConnected && this.remount(), {
          once: true,
        });
      } else {
        this.remount();
      }
    }

    disconnectedCallback(): void {
      this.teardown();
    }

    attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
      if (oldValue === newValue || (!this.handle && !this.errorRoot)) return;
      if (
        (PLAN_ATTRIBUTES as readonly string[]).includes(name) &&
        this.handle &&
        !this.handle.errorMessage()
      ) {
        this.handle.setPlan(planFromAttributes(this)).catch(() => this.remount());
        return;
      }
      // Several attributes set in a row remount once.
      if (this.remountQueued) return;
      this.remountQueued = true;
      queueMicrotask(() => {
        this.remountQueued = false;
        if (this.isConnected) this.remount();
      });
    }

    private remount(): void {
      this.teardown();
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      try {
        const options = optionsFromElement(this);
        // A worker URL from markup is checked; the widget's own default needs no check.
        if (options.workerUrl) options.workerUrl = markupWorkerUrl(options.workerUrl);
        this.handle = mountInto(root, {
          ...options,
          // The reader's drags and form edits, for the page (e.g. to save the plan).
          onPlanChange: (plan) =>
            this.dispatchEvent(new CustomEvent('planchange', { detail: plan, bubbles: true })),
        });
        this.readyPromise = this.handle.ready;
        this.settleFirstReady(this.handle.ready);
      } catch (e) {
        this.showError(root, e);
      }
    }

    private showError(root: ShadowRoot, e: unknown): void {
      const { title, detail } = describeError(e);
      this.errorText = `${title}: ${detail}`;
      this.unstyleError = adoptWidgetStyles(root);
      this.errorRoot = document.createElement('div');
      root.append(this.errorRoot);
      render(
        h('div', { class: 'ep', style: themeVars(paletteFor('light')) }, h(ErrorBox, { title, detail })),
        this.errorRoot,
      );
      // `ready` also settles once a message is shown.
      this.readyPromise = Promise.resolve();
      this.settleFirstReady();
    }

    private teardown(): void {
      this.handle?.destroy();
      this.handle = null;
      this.errorText = null;
      this.unstyleError();
      this.unstyleError = () => undefined;
      if (this.shadowRoot) this.shadowRoot.replaceChildren();
      this.errorRoot = null;
    }

    push(bar: Bar): Promise<Overlay | null> {
      return this.handle ? this.handle.push(bar) : Promise.resolve(null);
    }

    pushBook(snapshot: BookSnapshot | BookTop): boolean {
      return this.handle?.pushBook(snapshot) ?? false;
    }

    loadReversalModel(model: string): boolean {
      return this.handle?.loadReversalModel(model) ?? false;
    }

    setPlan(plan: PlanText | PlanSpec): Promise<Overlay | null> {
      return this.handle ? this.handle.setPlan(plan) : Promise.resolve(null);
    }

    policyState() {
      return this.handle?.policyState() ?? null;
    }

    reversalState() {
      return this.handle?.reversalState() ?? null;
    }

    getOverlay(): Overlay | null {
      return this.handle?.getOverlay() ?? null;
    }

    engineMode(): EngineMode | null {
      return this.handle?.engineMode() ?? null;
    }

    drawnState(): DrawnState | null {
      return this.handle?.drawnState() ?? null;
    }

    errorMessage(): string | null {
      return this.errorText ?? this.handle?.errorMessage() ?? null;
    }

    destroy(): void {
      this.teardown();
    }
  }

  customElements.define(tagName, ExitPlanElement);
}
