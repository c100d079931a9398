// tests/e2e/proactive.mjs — Seam reaching out first, in the browser (issue 18): the demo shop's
// system reports Ana's parcel late (the same event three times); her account page shows a badge
// on the launcher, never a pop-up; opening it shows one message about LW-104233 with the choices;
// her answer resolves it in that same case; a message sent while she browses arrives live, one
// sent while she was away on her next visit. A customer in quiet hours, or one who opted out,
// gets nothing, and the console's log says why.
import crypto from 'node:crypto';
import { apiClient, Checks, expect, launchBrowser, screenshotPath, startSeamd } from './lib/harness.mjs';

const SITE_SECRET = 'e2e-proactive-site-secret';
const checks = new Checks();
const server = await startSeamd(['--site-secret', SITE_SECRET]);
const browser = await launchBrowser();
const B = server.base;
const api = apiClient(B);
const consoleErrors = [];

const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest('hex');
const EVENTS_KEY = hmac(SITE_SECRET, 'seam/v1/events-signature');

//! POST /v1/events/ingest as the business's server does: the raw body signed with the events key.
async function ingest(event) {
  const body = JSON.stringify(event);
  const res = await fetch(`${B}/v1/events/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Seam-Signature': hmac(EVENTS_KEY, body) },
    body,
  });
  const data = await res.json();
  if (!res.ok) throw new Error(`ingest → ${res.status} ${JSON.stringify(data)}`);
  return data;
}

// The carrier's new day: three weeks from now, later than any demo parcel was promised for.
const LATER = new Date(Date.now() + 21 * 86400e3).toISOString().slice(0, 10);
const delayed = (id, order) => ({
  id, type: 'order.delayed', data: { order, new_expected_on: LATER, reason: 'carrier_delay' },
});

async function waitLog(frame, pattern, timeout = 10000) {
  await frame.waitForFunction(([s, f]) => new RegExp(s, f).test(document.getElementById('seam-log').textContent),
    [pattern.source, pattern.flags], { timeout });
}

try {
  const maya = (await api('POST', '/v1/agents/login', { login: 'maya', secret: 'maya-demo-secret' })).token;
  let caseId;

  await checks.run('a late parcel reported three times makes one proactive message', async () => {
    // The hour of the run and the hold-out draw must not decide this check.
    await api('PUT', '/v1/proactive/settings',
      { quiet_hours: { from: '00:00', to: '00:00' }, holdout_percent: 0 }, maya);
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await ingest(delayed('ups-late-104233', 'LW-104233')));
    const [first] = results;
    expect(first.decisions.length === 1 && first.decisions[0].send === true,
      `first: ${JSON.stringify(first)}`);
    expect(results[1].duplicate && results[2].duplicate, 'the repeats are answered as duplicates');
    caseId = first.decisions[0].case_id;
    const { decisions } = await api('GET', '/v1/proactive', null, maya);
    expect(decisions.filter((d) => d.send).length === 1, `decisions: ${JSON.stringify(decisions)}`);
  });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  let frame;

  await checks.run("Ana's account page: a badge on the launcher, the panel stays closed", async () => {
    await page.goto(`${B}/demo/account.html`);
    const handle = await page.waitForSelector('iframe#seam-widget-frame', { timeout: 10000 });
    frame = await handle.contentFrame();
    await frame.waitForSelector('#seam-launcher-badge:not([hidden])', { timeout: 15000 });
    expect(await frame.isHidden('#seam-panel'), 'the panel opened by itself');
    const label = await frame.getAttribute('#seam-launcher', 'aria-label');
    expect(/1 new message/.test(label), `launcher label "${label}"`);
    await page.screenshot({ path: screenshotPath('proactive-1-badge.png') });
  });

  await checks.run('opening it shows one message about LW-104233 and the choices; the badge goes', async () => {
    await frame.click('#seam-launcher');
    await waitLog(frame, /LW-104233/);
    const log = await frame.textContent('#seam-log');
    expect((log.match(/LW-104233/g) || []).length === 1, `log: ${log.slice(0, 400)}`);
    await frame.waitForSelector('.replies .reply');
    const replies = await frame.$$eval('.replies .reply', (els) => els.map((e) => e.textContent));
    expect(replies.some((r) => /another delivery day/i.test(r)) && replies.some((r) => /shipping/i.test(r)),
      `replies: ${JSON.stringify(replies)}`);
    expect(await frame.isHidden('#seam-launcher-badge'), 'the badge stayed');
    await page.screenshot({ path: screenshotPath('proactive-2-open.png') });
    const pending = await api('GET', '/v1/proactive', null, maya);
    expect(pending.decisions.find((d) => d.case_id === caseId).seen === true, 'not marked seen');
  });

  await checks.run('her answer resolves it in the same case', async () => {
    await frame.click(".replies .reply >> text=It's fine, I'll wait");
    await waitLog(frame, /Thanks for your patience/);
    const stored = await frame.evaluate(() => {
      for (let i = 0; i < localStorage.length; i += 1) {
        const k = localStorage.key(i);
        if (k.startsWith('seam:v1:')) return JSON.parse(localStorage.getItem(k)).caseId;
      }
      return null;
    });
    expect(stored === caseId, `widget case ${stored}, proactive case ${caseId}`);
    const handoffs = await api('GET', '/v1/kpis', null, maya);
    expect(handoffs.overall, 'kpis answer');
    await page.screenshot({ path: screenshotPath('proactive-3-resolved.png') });
  });

  await checks.run('while she browses with the panel closed, a new message arrives live as a badge', async () => {
    await frame.click('#seam-close');
    await frame.waitForSelector('#seam-panel', { state: 'hidden' });
    await api('PUT', '/v1/proactive/settings', { per_day: 5, per_week: 10 }, maya);
    const r = await ingest({
      id: 'coffee-payment-failed-ana', type: 'payment.failed', customer: 'demo-ana',
      data: { subscription: 'coffee_club', reason: 'card_expired' },
    });
    expect(r.decisions[0] && r.decisions[0].send === true, `decision: ${JSON.stringify(r.decisions)}`);
    await frame.waitForSelector('#seam-launcher-badge:not([hidden])', { timeout: 40000 });
    expect(await frame.isHidden('#seam-panel'), 'the panel opened by itself');
    await frame.click('#seam-launcher');
    await waitLog(frame, /Coffee Club/);
    await frame.waitForSelector('.replies .reply >> text=Update my card');
    await page.screenshot({ path: screenshotPath('proactive-4-live.png') });
  });

  await checks.run('a message sent while she was away shows on her next visit (a stored conversation)', async () => {
    await frame.click('#seam-close');  // she closes the chat and leaves
    await frame.waitForSelector('#seam-panel', { state: 'hidden' });
    await page.goto('about:blank');
    const r = await ingest({ id: 'delivered-104198', type: 'order.delivered', data: { order: 'LW-104198' } });
    expect(r.decisions[0] && r.decisions[0].send === true, `decision: ${JSON.stringify(r.decisions)}`);
    await page.goto(`${B}/demo/account.html`);
    const handle = await page.waitForSelector('iframe#seam-widget-frame', { timeout: 10000 });
    frame = await handle.contentFrame();
    await frame.waitForSelector('#seam-launcher-badge:not([hidden])', { timeout: 40000 });
    await frame.click('#seam-launcher');
    await waitLog(frame, /LW-104198/);
    await page.screenshot({ path: screenshotPath('proactive-5-next-visit.png') });
  });

  await checks.run('in quiet hours nothing is sent, and the log says why', async () => {
    await api('PUT', '/v1/proactive/settings', { quiet_hours: { from: '00:00', to: '23:59' } }, maya);
    const r = await ingest(delayed('dhl-late-104240', 'LW-104240'));
    expect(r.decisions[0].send === false && r.decisions[0].reason === 'quiet_hours',
      `decision: ${JSON.stringify(r.decisions)}`);
    const { decisions } = await api('GET', '/v1/proactive', null, maya);
    const held = decisions.find((d) => d.object === 'parcel_delayed:LW-104240');
    expect(held && held.reason === 'quiet_hours' && held.customer === 'demo-lucia',
      `log: ${JSON.stringify(held)}`);
  });

  await checks.run('a customer who opted out gets none, and the log says why', async () => {
    await api('PUT', '/v1/proactive/settings', { quiet_hours: { from: '00:00', to: '00:00' } }, maya);
    const identity = await api('POST', '/demo/identity', { customer: 'demo-tom' });
    const session = await api('POST', '/v1/sessions', { identity: { token: identity.token } });
    await api('POST', '/v1/me/proactive/opt-out', { channel: '*' }, session.customer_token);
    const r = await ingest({ id: 'tom-delivered', type: 'order.delivered', data: { order: 'LW-104180' } });
    expect(r.decisions[0] && r.decisions[0].send === false && r.decisions[0].reason === 'opted_out',
      `decision: ${JSON.stringify(r.decisions)}`);
    const { decisions } = await api('GET', '/v1/proactive', null, maya);
    const held = decisions.find((d) => d.object === 'review_request:LW-104180');
    expect(held && held.reason === 'opted_out' && held.customer === 'demo-tom', `log: ${JSON.stringify(held)}`);
    const pending = await api('GET', '/v1/me/proactive', null, session.customer_token);
    expect(pending.messages.length === 0, `pending: ${JSON.stringify(pending)}`);
  });

  await checks.run('no errors in the browser console', async () => {
    expect(consoleErrors.length === 0, consoleErrors.join('\n'));
  });
  await context.close();
} finally {
  await browser.close();
  const code = await server.stop();
  await checks.run('seamd stops cleanly on SIGTERM', async () => {
    expect(code === 0, `seamd exit code ${code}`);
  });
}
process.exit(checks.report());
