// URLs built by the feeds, without the DOM's URL and URLSearchParams (the engine has no DOM lib).

/** `a=1&b=2`, each part encoded (the engine has no URLSearchParams: it runs without a DOM). */
export function queryString(params: readonly (readonly [string, string])[]): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** An endpoint on another origin (a proxy, a test): "https://api.binance.com" + "/api/v3/klines". */
export function withOrigin(endpoint: string, origin: string | undefined): string {
  if (!origin) return endpoint;
  return `${origin.replace(/\/+$/, '')}${endpoint.replace(/^[a-z]+:\/\/[^/]+/, '')}`;
}
