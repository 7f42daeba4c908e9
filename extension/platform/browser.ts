import polyfill from 'webextension-polyfill';
import type { BrowserApi } from './browser-api.js';

/** The promise-based `browser` namespace in Chrome and Firefox alike, typed to the subset we use. */
export const browser = polyfill as BrowserApi;
