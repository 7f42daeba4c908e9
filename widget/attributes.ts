import { PLAN_FIELDS, type PlanText } from '../engine/index.js';
import { bookAddon } from './book/book-addon.js';
import { policyAddon } from './policy/policy-addon.js';
import type { FeedOptions } from './feeds/feed-types.js';
import type { ThemeName, WidgetMode, WidgetOptions } from './types.js';

/**
 * Attributes that are plan fields (the engine's one field table: every field the text form has);
 * changing one re-plans without reloading the bars.
 */
export const PLAN_ATTRIBUTES: readonly (keyof PlanText)[] = PLAN_FIELDS.map((f) => f.key);
/** Attributes that change what is loaded or how; changing one remounts the widget. */
export const SETUP_ATTRIBUTES = [
  'src',
  'theme',
  'mode',
  'height',
  'heading',
  'indicators',
  'compare',
  'form',
  'feed',
  'symbol',
  'interval',
  'rest-base',
  'ws-base',
  'stale-ms',
  'tick-ms',
  'start-bars',
  'speed',
  'autoplay',
  'worker',
  'book',
  'book-imbalance',
  'book-liquidity',
  'book-stale',
  'reversal',
  'regimes',
  'policy-train',
] as const;

export class AttributeError extends Error {
  override readonly name = 'WidgetError';
  readonly input = 'attributes';
}

function pick<T extends string>(el: Element, name: string, allowed: readonly T[], fallback: T): T {
  const raw = el.getAttribute(name);
  if (raw === null || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new AttributeError(
    `${name}="${raw}" is not one of ${allowed.join(', ')}. Change the ${name} attribute.`,
  );
}

/**
 * The largest value each numeric attribute takes, and whether it counts whole things. A long
 * digit string is a finite double (1e120), so "positive" alone let a 1e120-pixel chart or a
 * 1e300-bar window through; beyond these bounds no page means the value.
 */
export const NUMBER_ATTRIBUTES = {
  height: { max: 10_000, whole: false, unit: 'pixels' },
  'max-bars': { max: 1_000_000, whole: true, unit: 'bars' },
  'stale-ms': { max: 86_400_000, whole: false, unit: 'milliseconds (a day at most)' },
  'tick-ms': { max: 3_600_000, whole: false, unit: 'milliseconds (an hour at most)' },
  'start-bars': { max: 10_000_000, whole: true, unit: 'bars' },
  speed: { max: 10_000, whole: false, unit: 'bars per second' },
  'book-stale': { max: 86_400, whole: false, unit: 'seconds (a day at most)' },
} as const;

export type NumberAttribute = keyof typeof NUMBER_ATTRIBUTES;

/** One numeric attribute's value: absent or empty is undefined; anything else is checked against its bounds. */
export function attributeNumber(name: NumberAttribute, raw: string | null): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const { max, whole, unit } = NUMBER_ATTRIBUTES[name];
  const n = /^\s*(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i.test(raw) ? Number(raw) : NaN;
  const shown = raw.length > 24 ? `${raw.slice(0, 16)}... (${raw.length} characters)` : raw;
  if (!(n > 0 && n <= max) || (whole && !Number.isInteger(n))) {
    throw new AttributeError(
      `${name}="${shown}" must be a ${whole ? 'whole' : 'positive'} number of ${unit} from ${whole ? 1 : 'above 0'} to ${max}. Change the ${name} attribute.`,
    );
  }
  return n;
}

/** `reversal` as an option: absent is off, empty is on with the defaults, a number in (0, 1) is the marker threshold. */
export function reversalAttribute(raw: string | null): WidgetOptions['reversal'] {
  if (raw === null) return undefined;
  if (raw.trim() === '') return true;
  const n = /^\s*0?\.\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(n > 0 && n < 1))
    throw new AttributeError(
      `reversal="${raw.slice(0, 24)}" must be empty or a probability between 0 and 1 (the marker threshold, e.g. 0.7). Change the reversal attribute.`,
    );
  return { threshold: n };
}

function positive(el: Element, name: NumberAttribute): number | undefined {
  return attributeNumber(name, el.getAttribute(name));
}

/** The plan as the element's attributes spell it (the engine parses and judges it). */
export function planFromAttributes(el: Element): PlanText {
  const plan: PlanText = {
    side: el.getAttribute('side') ?? '',
    entry: el.getAttribute('entry') ?? '',
    stop: el.getAttribute('stop') ?? '',
  };
  for (const name of PLAN_ATTRIBUTES) {
    const v = el.getAttribute(name);
    if (v !== null && name !== 'side' && name !== 'entry' && name !== 'stop') plan[name] = v;
  }
  return plan;
}

function feedFromAttributes(el: Element): FeedOptions | undefined {
  const kind = pick(el, 'feed', ['binance', 'simulated', ''] as const, '');
  if (kind === 'binance') {
    return {
      kind,
      symbol: (el.getAttribute('symbol') ?? '').toUpperCase(),
      interval: el.getAttribute('interval') ?? '1m',
      restBase: el.getAttribute('rest-base') ?? undefined,
      wsBase: el.getAttribute('ws-base') ?? undefined,
      staleMs: positive(el, 'stale-ms'),
    };
  }
  if (kind === 'simulated')
    return { kind, tickMs: positive(el, 'tick-ms'), startBars: positive(el, 'start-bars') };
  return undefined;
}

/** Bars written inside the element: `<script type="application/json">[...]</script>` or bare JSON text. */
function inlineBars(el: Element): string | undefined {
  const script = el.querySelector('script[type="application/json"]');
  const text = (script ? script.textContent : el.textContent)?.trim() ?? '';
  return text.startsWith('[') || text.startsWith('{') ? text : undefined;
}

/** Everything `<exit-plan>` is told through its attributes and content, as mount() options. */
export function optionsFromElement(el: Element): WidgetOptions {
  const mode = pick<WidgetMode>(el, 'mode', ['static', 'replay', 'live'], 'static');
  const theme = pick<ThemeName>(el, 'theme', ['light', 'dark', 'auto'], 'auto');
  const indicatorList = (el.getAttribute('indicators') ?? 'bb,rsi').split(',').map((s) => s.trim());
  const worker = el.getAttribute('worker');
  const options: WidgetOptions = {
    plan: planFromAttributes(el),
    mode,
    theme,
    height: positive(el, 'height'),
    maxBars: positive(el, 'max-bars'),
    title: el.getAttribute('heading') ?? undefined,
    indicators: { bb: indicatorList.includes('bb'), rsi: indicatorList.includes('rsi') },
    compare: el.getAttribute('compare') !== 'false',
    form: el.getAttribute('form') !== 'false',
    feed: feedFromAttributes(el),
    replay: {
      speed: positive(el, 'speed'),
      startBars: positive(el, 'start-bars'),
      autoplay: el.hasAttribute('autoplay'),
    },
  };
  // The order book panel (widget/book/): `book` or any book-* attribute turns it on; pushBook feeds it.
  if (['book', 'book-imbalance', 'book-liquidity', 'book-stale'].some((a) => el.hasAttribute(a))) {
    options.addons = [...(options.addons ?? []), bookAddon];
    options.book = {
      imbalance: el.getAttribute('book-imbalance') ?? undefined,
      liquidity: el.getAttribute('book-liquidity') ?? undefined,
      staleSeconds: positive(el, 'book-stale'),
    };
  }
  // The reversal model (widget/reversal/): `reversal`, or `reversal="0.6"` for its threshold.
  const reversal = reversalAttribute(el.getAttribute('reversal'));
  if (reversal) options.reversal = reversal;
  // The exit policy panel (widget/policy/): `regimes` shows the regimes; `policy-train` learns a
  // policy on the chart's bars; the plan's own policy=learned:<url> or policy=adaptive answers too.
  const planPolicy = el.getAttribute('policy')?.trim() ?? '';
  if (
    el.hasAttribute('regimes') ||
    el.hasAttribute('policy-train') ||
    (planPolicy !== '' && !/^(none|off|no|-)$/i.test(planPolicy))
  ) {
    options.addons = [...(options.addons ?? []), policyAddon];
    if (el.hasAttribute('policy-train')) options.policy = { train: true };
  }
  if (worker === 'main' || worker === 'none') options.workerUrl = null;
  else if (worker) options.workerUrl = worker;
  const text = inlineBars(el);
  if (text !== undefined) options.text = text;
  else if (el.getAttribute('src')) options.src = el.getAttribute('src') ?? undefined;
  return options;
}
