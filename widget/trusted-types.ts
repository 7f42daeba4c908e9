/**
 * Trusted Types: a page that sends `require-trusted-types-for 'script'` refuses plain strings
 * as script URLs (new Worker, script.src). The widget then makes its engine's URLs through a
 * policy of its own, named "exitplan"; a page that lists allowed policies (`trusted-types ...`)
 * must name it. The policy object stays in this module: no other script can use it, and the
 * widget passes it only the engine URLs it already decided to load (see engine-origin.ts).
 */
export const POLICY_NAME = 'exitplan';

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy;
}

/** undefined: not tried yet; null: no Trusted Types here, or the page refused the policy. */
let policy: ScriptUrlPolicy | null | undefined;
let policyRefused = false;

/** `url` as the page's script-URL sinks accept it: a TrustedScriptURL where Trusted Types are on. */
export function scriptUrl(url: string): string {
  if (policy === undefined) {
    const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
    try {
      policy = factory ? factory.createPolicy(POLICY_NAME, { createScriptURL: (u) => u }) : null;
    } catch {
      // The page's `trusted-types` list leaves the policy out: said when a sink then refuses.
      policy = null;
      policyRefused = true;
    }
  }
  // A TrustedScriptURL stands in for the string it wraps wherever a script URL is taken.
  return policy ? (policy.createScriptURL(url) as string) : url;
}

/** When `error` is a sink refusing a plain script URL: what the page must change, else null. */
export function trustedTypesProblem(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  if (!/TrustedScriptURL|Trusted ?Type/i.test(message)) return null;
  return (
    `this page requires Trusted Types (require-trusted-types-for 'script')` +
    (policyRefused ? ` and its trusted-types list leaves out the widget's policy` : '') +
    `: add "trusted-types ${POLICY_NAME}" to the page's Content-Security-Policy`
  );
}
