import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINANCE_ENDPOINTS } from '../../extension/feeds/binance.js';
import { YAHOO_CHART_URL } from '../../extension/feeds/yahoo.js';

/**
 * The built manifest as the stores will see it: Firefox's linter finds no errors, and every
 * permission and host permission is one a feature uses (least privilege, checked, not promised).
 */
const dist = path.resolve(process.cwd(), 'dist/extension');
const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'manifest.json'), 'utf8')) as {
  permissions: string[];
  host_permissions: string[];
  content_security_policy: { extension_pages: string };
  web_accessible_resources: { resources: string[]; use_dynamic_url?: boolean }[];
  content_scripts: { js: string[]; world?: string }[];
};

describe('built extension manifest', () => {
  it('passes web-ext lint with 0 errors', () => {
    let out: string;
    try {
      out = execFileSync('npx', ['web-ext', 'lint', '--source-dir', dist, '--output', 'json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (error) {
      out = (error as { stdout: string }).stdout; // web-ext exits non-zero when there are errors
    }
    const report = JSON.parse(out.slice(out.indexOf('{'))) as {
      summary: { errors: number };
      errors: { code: string }[];
    };
    expect(report.errors.map((e) => e.code)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });

  it('asks only for what the features use', () => {
    // storage: plans/options; notifications: alerts; activeTab + scripting: opening the panel on any page from the toolbar.
    expect([...manifest.permissions].sort()).toEqual(['activeTab', 'notifications', 'scripting', 'storage']);
    const hosts = [BINANCE_ENDPOINTS.spot.rest, BINANCE_ENDPOINTS.futures.rest, YAHOO_CHART_URL].map(
      (u) => `${new URL(u).origin}/*`,
    );
    // tradingview.com: the site's own lines are drawn in its page's world (scripting.executeScript).
    hosts.push('https://*.tradingview.com/*');
    expect([...manifest.host_permissions].sort()).toEqual(hosts.sort());
    expect(manifest.web_accessible_resources.flatMap((w) => w.resources)).toEqual(['panel/index.html']);
    // A page must not find the extension by probing a fixed chrome-extension:// address.
    expect(manifest.web_accessible_resources.every((w) => w.use_dynamic_url === true)).toBe(true);
    // No script runs in the page's world on its own: nothing the page's scripts could listen to.
    expect(manifest.content_scripts.every((c) => c.world !== 'MAIN')).toBe(true);
  });

  it('has a strict CSP that lets the panel reach exactly the feeds', () => {
    const csp = manifest.content_security_policy.extension_pages;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|script-src[^;]*https:/);
    for (const url of [
      BINANCE_ENDPOINTS.spot.ws,
      BINANCE_ENDPOINTS.futures.ws,
      BINANCE_ENDPOINTS.spot.rest,
      YAHOO_CHART_URL,
    ]) {
      expect(csp).toContain(new URL(url).origin);
    }
  });

  it('ships no remote code: no script or module is loaded from outside the package', () => {
    const files = fs
      .readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(js|html)$/.test(f));
    for (const file of files) {
      const text = fs.readFileSync(path.join(dist, file), 'utf8');
      expect(text, file).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(text, file).not.toMatch(/import\(\s*["']https?:/);
      expect(text, file).not.toMatch(/importScripts\(\s*["']https?:/);
    }
  });
});
