// tests/bench/widget.mjs — the widget's budgets in headless Chromium on localhost (run by
// scripts/bench-widget): bytes the widget costs a page (gzip -9 of every file it loads, and what
// crossed the wire), navigation → launcher visible, open → ready (composer focused and the WASM
// brain loaded), and the latency of client-only turns answered by the local brain (p50/p99,
// server answers held back so only the local path is timed).
//
// Navigation → launcher is timed inside the page: from the host page's time origin (the start of
// its navigation) to the "seam:launcher-visible" mark. The loader draws the launcher in the host
// page (a shadow root) and marks it there, in the animation frame after it is attached; without
// that mark (a browser without constructed style sheets) the frame's own mark (widget.js, at
// boot) is used, on the same wall clock (performance.timeOrigin). The steps also show the host page's own
// first contentful paint (the floor: nothing of the page is on screen before it; Chromium stamps
// it when the frame is presented, so it can come after the animation-frame mark) and when the
// frame's launcher took over. Open → ready likewise, from the click event to the later of the
// composer's focus and the frame's "seam:brain-ready" mark. The same spans as seen from
// playwright (Date.now() around goto and polling waits, which add their own delay) are printed too;
// for the launcher that is goto until the page's load event (the page is not queried before it).
// Bytes: the goal is 250 KB = 250,000 B (issue 6), not 250 KiB.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, launchBrowser, startSeamd } from '../e2e/lib/harness.mjs';

const WEB = process.env.SEAM_WEB_DIR || path.join(ROOT, 'build/web');
// Everything under widget/ (a new module counts without editing this list), one locale's strings.
const files = ['seam-loader.js', ...fs.readdirSync(path.join(WEB, 'widget'), { recursive: true })
  .map((f) => `widget/${f}`)
  .filter((f) => fs.statSync(path.join(WEB, f)).isFile() && !/^widget\/i18n\/(?!en\.json$)/.test(f))
  .sort()];
let raw = 0;
let gz = 0;
const rows = [];
for (const f of files) {
  const bytes = fs.readFileSync(path.join(WEB, f));
  const z = zlib.gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += z;
  rows.push(`  ${f.padEnd(28)} ${String(bytes.length).padStart(8)} B  ${String(z).padStart(7)} B gzipped`);
}

const server = await startSeamd(['--access-log', 'false', '--rate-limit', '0']);
const browser = await launchBrowser();
const pct = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
try {
  const launcher = [];
  const ready = [];
  const launcherPage = [];
  const readyPage = [];
  const phases = { html: [], loader: [], drawn: [], fcp: [], frame: [], frameHtml: [], frameShown: [] };
  let wire = 0;
  const RUNS = 10;
  const visibleMark = () => performance.getEntriesByName('seam:launcher-visible').length > 0;
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    const t0 = Date.now();
    // Hands off the page until its load event: any playwright query (waitForSelector,
    // waitForFunction) first injects playwright's ~330 KB utility script into the page, and
    // evaluating it took 60-115 ms of the page's main thread on 2 cores, just while the page
    // parses and the loader runs (Chrome trace) — time a visitor's browser never spends. The
    // timings below are marks the page records itself, so reading them afterwards loses nothing.
    await page.goto(`${server.base}/demo/store.html`, { waitUntil: 'load' });
    const frameHandle = await page.waitForSelector('iframe#seam-widget-frame', { state: 'attached' });
    await Promise.race([page.waitForFunction(visibleMark, null, { polling: 'raf' }),
      frameHandle.contentFrame().then((f) => f.waitForFunction(visibleMark, null, { polling: 'raf' }))
        .catch(() => new Promise(() => {}))]);   // the page's mark won (and the frame navigated)
    launcher.push(Date.now() - t0);
    // In-page: both clocks are performance.timeOrigin-based (ms since the epoch, sub-ms).
    const frame = await frameHandle.contentFrame();
    await frame.waitForFunction(visibleMark);   // the frame's launcher took over
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    const host = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = (part) => performance.getEntriesByType('resource').find((r) => r.name.includes(part));
      const at = (name) => (performance.getEntriesByName(name)[0] || { startTime: NaN }).startTime;
      return { origin: performance.timeOrigin, html: nav.responseEnd, loader: (res('/seam-loader.js') || {}).responseEnd,
        frame: (res('/widget/frame.html') || {}).startTime, drawn: at('seam:launcher-shown'),
        visible: at('seam:launcher-visible'), fcp: at('first-contentful-paint') };
    });
    const inFrame = await frame.evaluate(() => ({
      origin: performance.timeOrigin,
      visible: performance.getEntriesByName('seam:launcher-visible')[0].startTime,
      html: performance.getEntriesByType('navigation')[0].responseEnd,
    }));
    const inHost = (t) => inFrame.origin + t - host.origin;
    launcherPage.push(Number.isNaN(host.visible) ? inHost(inFrame.visible) : host.visible);
    phases.html.push(host.html);
    phases.loader.push(host.loader);
    phases.drawn.push(host.drawn);
    phases.fcp.push(host.fcp);
    phases.frame.push(host.frame);
    phases.frameHtml.push(inHost(inFrame.html));
    phases.frameShown.push(inHost(inFrame.visible));
    await page.waitForFunction(() => !document.getElementById('seam-launcher-host'));

    await frame.evaluate(() => {
      const b = window.seamBench = {};
      document.addEventListener('click', (e) => { if (b.click === undefined) b.click = e.timeStamp; }, true);
      document.addEventListener('focusin', (e) => {
        if (e.target.id === 'seam-input' && b.focus === undefined) b.focus = performance.now();
      }, true);
    });
    const t1 = Date.now();
    await frame.click('#seam-launcher');
    await frame.waitForSelector('body[data-local-brain="ready"]', { timeout: 20000 });
    await frame.waitForFunction(() => document.activeElement && document.activeElement.id === 'seam-input');
    ready.push(Date.now() - t1);
    const b = await frame.evaluate(() => {
      const brain = performance.getEntriesByName('seam:brain-ready')[0];
      return { ...window.seamBench, brain: brain ? brain.startTime : 0 };
    });
    readyPage.push(Math.max(b.focus, b.brain) - b.click);
    if (run === 0) wire = bytes;
    await context.close();
  }

  // Client-only turns: the widget's WASM brain inside the frame (same module, bundle and origin
  // as the widget), timed per message from the call to the parsed answer: FAQ answers, slot
  // prompts, validation errors, small talk.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${server.base}/demo/store.html`);
  const frame = await (await page.waitForSelector('iframe#seam-widget-frame')).contentFrame();
  await frame.waitForSelector('#seam-launcher:not([hidden])');
  await page.waitForFunction(() => !document.getElementById('seam-launcher-host'));
  const questions = ['what is your return policy?', 'where is my order?', 'LW-12', 'never mind',
    'how long does shipping take to Spain?', 'hi', 'can I pay with paypal?', 'thanks',
    'I want to change my delivery address', 'cancel', 'how do I wash my rain jacket?'];
  const turns = await frame.evaluate(async (qs) => {
    const mod = await import('/widget/seam_widget.mjs');
    const core = await mod.default();
    const bundle = await (await fetch('/widget/bundle.json')).text();
    const brain = core.Brain.load(bundle, new Date().toISOString().slice(0, 10));
    let state = brain.newState('bench', 'en', '{}');
    const out = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      const answer = JSON.parse(brain.message(state, qs[i % qs.length]));
      out.push(performance.now() - t);
      state = JSON.stringify(answer.state);
    }
    brain.delete();
    return out;
  }, questions);
  await context.close();

  console.log('widget bytes (everything the frame loads):');
  console.log(rows.join('\n'));
  console.log(`  ${'total'.padEnd(28)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gzipped (goal <= 250000)`);
  console.log(`  on the wire from seamd (first load, encoded): ${wire} B`);
  const ms = (x) => Math.round(x);
  console.log(`navigation -> launcher visible (in page, ${RUNS} runs): p50 ${ms(pct(launcherPage, 0.5))} ms, ` +
    `p99 ${ms(pct(launcherPage, 0.99))} ms (goal <= 150 ms)`);
  console.log(`  p50 of the steps: host HTML received ${ms(pct(phases.html, 0.5))} ms, seam-loader.js received ` +
    `${ms(pct(phases.loader, 0.5))} ms, launcher drawn in the page ${ms(pct(phases.drawn, 0.5))} ms (then painted in ` +
    `the next animation frame); the page's own first contentful paint ${ms(pct(phases.fcp, 0.5))} ms`);
  console.log(`  then in the background: iframe requested ${ms(pct(phases.frame, 0.5))} ms, frame HTML received ` +
    `${ms(pct(phases.frameHtml, 0.5))} ms, the frame's launcher visible (takes over) ${ms(pct(phases.frameShown, 0.5))} ms`);
  console.log(`  as seen by playwright (goto until load, then the marks): p50 ${pct(launcher, 0.5)} ms, max ${Math.max(...launcher)} ms`);
  console.log(`open -> ready (composer focused, brain loaded; in page): p50 ${ms(pct(readyPage, 0.5))} ms, ` +
    `p99 ${ms(pct(readyPage, 0.99))} ms`);
  console.log(`  as seen by playwright: p50 ${pct(ready, 0.5)} ms, max ${Math.max(...ready)} ms`);
  if (turns.length) {
    console.log(`client-only turns (${turns.length}, WASM brain in the frame, no network): p50 ${pct(turns, 0.5).toFixed(1)} ms, ` +
      `p99 ${pct(turns, 0.99).toFixed(1)} ms (goal p99 < 16 ms)`);
  } else {
    console.log('client-only turns: no local preview appeared (is the brain loaded?)');
  }
} finally {
  await browser.close();
  await server.stop();
}
