// tests/e2e/smoke.mjs — the web build works end to end: seamd serves build/web, the page loads the
// WASM core in Chromium, and the core's text pipeline answers in the page.
import { Checks, expect, launchBrowser, screenshotPath, startSeamd } from './lib/harness.mjs';

const checks = new Checks();
const server = await startSeamd();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
const consoleErrors = [];
page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
page.on('pageerror', (err) => consoleErrors.push(String(err)));

try {
  await checks.run('GET /healthz answers ok with the version', async () => {
    const res = await fetch(`${server.base}/healthz`);
    expect(res.status === 200, `status ${res.status}`);
    const body = await res.json();
    expect(body.status === 'ok' && /^\d+\.\d+\.\d+$/.test(body.version), JSON.stringify(body));
  });

  await checks.run('static files are served with the right types', async () => {
    const wasm = await fetch(`${server.base}/seam_core.wasm`);
    expect(wasm.status === 200, `wasm status ${wasm.status}`);
    expect(wasm.headers.get('content-type') === 'application/wasm', wasm.headers.get('content-type'));
    const missing = await fetch(`${server.base}/no-such-file.js`);
    expect(missing.status === 404, `missing file status ${missing.status}`);
  });

  await checks.run('the page loads the WASM core', async () => {
    await page.goto(`${server.base}/`);
    await page.waitForSelector('#status:has-text("ready")', { timeout: 10000 });
  });

  await checks.run('the core normalises and tokenises in the browser', async () => {
    await page.fill('#message', 'Où est ma COMMANDE №1042… “vite”');
    await page.waitForFunction(() => document.querySelector('#normalized').textContent.startsWith('ou est'));
    const normalized = await page.textContent('#normalized');
    expect(normalized === 'ou est ma commande №1042... "vite"', `normalized: ${normalized}`);
    const tokens = await page.$$eval('#tokens li', (els) => els.map((e) => e.textContent));
    expect(tokens.length === 6, `tokens: ${JSON.stringify(tokens)}`);
    expect(tokens[0].includes('“Où”'), `offsets map back to the original text: ${tokens[0]}`);
  });

  await checks.run('no errors in the browser console', async () => {
    expect(consoleErrors.length === 0, consoleErrors.join('\n'));
  });

  await page.screenshot({ path: screenshotPath('playground.png'), fullPage: true });
} finally {
  await browser.close();
  const code = await server.stop();
  await checks.run('seamd stops cleanly on SIGTERM', async () => {
    expect(code === 0, `seamd exit code ${code}`);
  });
}
process.exit(checks.report());
