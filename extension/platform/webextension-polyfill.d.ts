// webextension-polyfill ships no types; browser.ts gives the module its type (browser-api.ts).
declare module 'webextension-polyfill' {
  const browser: unknown;
  export default browser;
}
