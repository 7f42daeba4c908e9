import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', '5199'], { cwd: '/work/main', stdio: 'inherit' });
await new Promise((r) => setTimeout(r, 700));
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
await page.goto('http://127.0.0.1:5199/demo/' + (process.argv[2] ?? ''));
await page.waitForTimeout(4000);
for (const id of ['btc', 'spy', 'eth', 'live']) {
  const r = await page.evaluate(async (id) => { const el = document.getElementById(id); await el.ready; const o = el.getOverlay(); return { mode: el.engineMode(), err: el.errorMessage(), lines: o && o.lines.map(l => l.label), fills: o && o.state.fills.length }; }, id);
  console.log(id, JSON.stringify(r));
}
await page.screenshot({ path: '/work/main/screenshots/dev-demo.png', fullPage: true });
await browser.close();
child.kill();
