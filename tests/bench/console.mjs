// tests/bench/console.mjs — the operator console's budgets in headless Chromium on localhost
// (run by scripts/bench-console): bytes (gzip -9 of the page, JS and WASM), navigation → first
// frame drawn, and the CPU time of a frame (update + ImGui + WebGL submission, measured inside
// the WASM with emscripten_get_now) with 500 cases in the queue, the desk showing it and one
// case's full context open. Goal (issue 7): under 8 ms a frame.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { apiClient, ROOT, launchBrowser, startSeamd } from '../e2e/lib/harness.mjs';
import { click, marks, press, waitMark } from '../e2e/lib/console-driver.mjs';

const WEB = path.join(process.env.SEAM_WEB_DIR || path.join(ROOT, 'build/web'), 'console');
const files = ['index.html', 'boot.js', 'console.css', 'seam_console.js', 'seam_console.wasm'];
let raw = 0;
let gz = 0;
const rows = [];
for (const f of files) {
  const bytes = fs.readFileSync(path.join(WEB, f));
  const z = zlib.gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += z;
  rows.push(`  ${f.padEnd(22)} ${String(bytes.length).padStart(9)} B  ${String(z).padStart(8)} B gzipped`);
}

const QUEUE = Number(process.env.SEAM_BENCH_CASES || 500);
const server = await startSeamd(['--access-log', 'false', '--rate-limit', '0']);
const browser = await launchBrowser();
const B = server.base;
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const api = apiClient(B);

async function escalate(i) {
  const topics = ['orders', 'returns', 'billing', 'account', 'other'];
  const questions = ['where is my order LW-104233?', 'I want to return my boots', 'I was charged twice',
    'I cannot log in', 'do you ship to Canada?'];
  const s = await api('POST', '/v1/sessions', { locale: i % 7 === 0 ? 'es' : 'en' });
  const t = s.session_token;
  await api('POST', `/v1/cases/${s.case.id}/turns`, { text: questions[i % questions.length] }, t);
  await api('POST', `/v1/cases/${s.case.id}/turns`, { text: 'I want to talk to a person' }, t);
  await api('POST', `/v1/cases/${s.case.id}/turns`, { choice: topics[i % topics.length] }, t);
}


async function frameStats(page, ms) {
  await page.evaluate(() => window.seamConsole.resetStats());
  await page.waitForTimeout(ms);
  return page.evaluate(() => window.seamConsole.frameStats());
}
const fmt = (s) => `p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  max ${s.max.toFixed(2)} ms  (WebGL backend p50 ${s.render_p50.toFixed(2)} ms; ${s.samples} frames)`;

try {
  // Navigation → first frame (fresh context each time: nothing cached).
  const first = [];
  for (let run = 0; run < 5; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${B}/console/`);
    await page.waitForFunction(() => window.seamConsole, null, { timeout: 15000 });
    first.push(await page.evaluate(() => window.seamConsole.ready));
    await context.close();
  }

  const t0 = Date.now();
  for (let i = 0; i < QUEUE; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, QUEUE - i) }, (_, k) => escalate(i + k)));
  }
  const seedMs = Date.now() - t0;
  const agent = (await api('POST', '/v1/agents/login', { login: 'maya', secret: 'maya-demo-secret' })).token;
  const queued = (await api('GET', '/v1/handoffs?status=queued', null, agent)).handoffs;

  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${B}/console/`);
  await page.waitForFunction(() => window.seamConsole, null, { timeout: 15000 });
  await page.evaluate(() => window.seamConsole.ready);
  const login = await frameStats(page, 2000);
  await click(page, 'login.name');
  await page.keyboard.type('maya');
  await click(page, 'login.secret');
  await page.keyboard.type('maya-demo-secret');
  await press(page, 'Enter');
  await waitMark(page, 'tab.desk');
  await waitMark(page, `desk.row.${queued[0].id}`);
  await page.waitForTimeout(1500);
  const queueOnly = await frameStats(page, 5000);
  await click(page, `desk.row.${queued[0].id}`);
  await waitMark(page, 'desk.claim');
  await page.waitForTimeout(1000);
  const withCase = await frameStats(page, 5000);
  await press(page, 'Control+2');
  await waitMark(page, 'kpi.chart');
  await page.waitForTimeout(1000);
  const kpis = await frameStats(page, 3000);
  const rowsShown = Object.keys(await marks(page)).length;
  await context.close();

  console.log('Seam console benchmark (headless Chromium, software WebGL 2, 1280x720, 127.0.0.1)');
  console.log('bytes (gzip -9):');
  rows.forEach((r) => console.log(r));
  console.log(`  total                  ${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gzipped`);
  console.log(`navigation → first frame: p50 ${pct(first, 0.5).toFixed(0)} ms  max ${Math.max(...first).toFixed(0)} ms  (5 runs)`);
  console.log(`queue seeded: ${queued.length} queued handoffs (${QUEUE} escalations through the API in ${seedMs} ms)`);
  console.log(`frame time, sign-in screen:          ${fmt(login)}`);
  console.log(`frame time, desk with ${queued.length} queued:     ${fmt(queueOnly)}`);
  console.log(`frame time, desk + a case's context: ${fmt(withCase)}   goal < 8 ms`);
  console.log(`frame time, KPI dashboard:           ${fmt(kpis)}   (${rowsShown} marks)`);
} finally {
  await browser.close();
  await server.stop();
}
