// tests/e2e/widget.mjs — the customer widget end to end, used like a person would: the launcher
// the loader draws in the page before the frame is there (strict CSP, keyboard, axe, a click that
// opens, the frame's launcher taking its place), keyboard to the frame's launcher on the
// Larchwood store page, questions typed into the composer, reload
// continuity, the signed-in account page, a handoff answered live by an agent through the API,
// offline queueing with exactly-once delivery, Escape/focus, a 360 px phone, and the strict-CSP
// copy of the store page. Screenshots of each state go to build/test-artifacts/widget-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { apiClient, Checks, ROOT, expect, launchBrowser, screenshotPath, startSeamd } from './lib/harness.mjs';

const checks = new Checks();
// The loader draws the launcher itself until the frame's is on screen (web/README.md).
const LOADER_BUDGET = 10240;
const server = await startSeamd();
const browser = await launchBrowser();
const B = server.base;
const consoleErrors = [];
const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_NETWORK_CHANGED/;

function watch(page, label, expected = OFFLINE_NOISE) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expected.test(msg.text())) consoleErrors.push(`${label}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`${label}: ${err}`));
  return page;
}

async function newPage(viewport = { width: 1280, height: 800 }, expected = OFFLINE_NOISE) {
  const context = await browser.newContext({ viewport });
  return { context, page: watch(await context.newPage(), `${viewport.width}px`, expected) };
}

//! The widget's frame once its own launcher (or panel) is shown and the loader's launcher, drawn
//! in the page until then, is gone.
const frameOf = async (page) => {
  const handle = await page.waitForSelector('iframe#seam-widget-frame', { timeout: 10000 });
  const frame = await handle.contentFrame();
  await frame.waitForSelector('#seam-launcher:not([hidden]), #seam-panel:not([hidden])', { timeout: 10000 });
  await page.waitForSelector('#seam-launcher-host', { state: 'detached', timeout: 10000 });
  return frame;
};

//! A page of `url` whose widget frame is held back (its HTML is not answered until release()),
//! so the launcher on screen is the one the loader draws in the page.
async function heldPage(url, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  const page = watch(await context.newPage(), `held ${url}`);
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  await page.route('**/widget/frame.html*', async (route) => { await gate; await route.continue(); });
  await page.goto(`${B}${url}`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#seam-launcher-host button');
  return { context, page, release };
}

//! The loader's launcher as a person meets it: name, text, colours, where it is.
const pageLauncher = (page) => page.evaluate(() => {
  const button = document.getElementById('seam-launcher-host').shadowRoot.querySelector('button');
  const style = getComputedStyle(button);
  return { name: button.getAttribute('aria-label'), text: button.textContent.trim(), bg: style.backgroundColor,
    fg: style.color, box: button.getBoundingClientRect().toJSON() };
});
const pageLauncherFocused = (page) => page.evaluate(() => {
  const host = document.getElementById('seam-launcher-host');
  return document.activeElement === host && host.shadowRoot.activeElement === host.shadowRoot.querySelector('button');
});
const strings = (locale) => JSON.parse(fs.readFileSync(path.join(ROOT, `web/static/widget/i18n/${locale}.json`), 'utf8'));
const focusedId = (frame) => frame.evaluate(() => (document.hasFocus() ? document.activeElement.id : ''));
const logText = (frame) => frame.textContent('#seam-log');

async function waitLog(frame, pattern, timeout = 10000) {
  const source = pattern.source;
  const flags = pattern.flags;
  await frame.waitForFunction(([s, f]) => new RegExp(s, f).test(document.getElementById('seam-log').textContent),
    [source, flags], { timeout });
}

//! Types like a person into the focused composer and presses Enter.
async function ask(page, frame, text) {
  await frame.focus('#seam-input');
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Enter');
}

const api = apiClient(B);

const caseIdOf = (frame) => frame.evaluate(() => {
  for (let i = 0; i < localStorage.length; i += 1) {
    const k = localStorage.key(i);
    if (k.startsWith('seam:v1:')) return JSON.parse(localStorage.getItem(k)).caseId;
  }
  return null;
});

try {
  // [SECTION] Static checks
  await checks.run('pages carry no inline script or style; the loader is < 10 KB', async () => {
    for (const p of ['demo/store.html', 'demo/account.html', 'demo/csp.html', 'widget/frame.html', 'index.html']) {
      const html = await (await fetch(`${B}/${p}`)).text();
      expect(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), `${p} has an inline <script>`);
      expect(!/<style|\sstyle=|\son[a-z]+=/i.test(html), `${p} has inline style or an on* handler`);
    }
    const size = fs.statSync(path.join(ROOT, 'web/static/seam-loader.js')).size;
    expect(size < LOADER_BUDGET, `seam-loader.js is ${size} bytes`);
  });

  await checks.run("the loader's launcher says what the frame's says (i18n/en.json, es.json)", async () => {
    const loader = fs.readFileSync(path.join(ROOT, 'web/static/seam-loader.js'), 'utf8');
    for (const locale of ['en', 'es']) {
      const t = strings(locale);
      const pair = `${locale}: ['${t.launcher}', '${t.launcher_open}']`;
      expect(loader.includes(pair), `seam-loader.js lacks ${pair}`);
    }
  });

  // [SECTION] The launcher the loader draws in the page, before the frame's (issue 6)
  await checks.run("the loader's launcher is in the page before the frame loads: strict CSP, label, colours, place, keyboard", async () => {
    const held = await heldPage('/demo/csp.html');
    const { page } = held;
    const violations = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
    const l = await pageLauncher(page);
    expect(l.name === strings('en').launcher_open && l.text === 'Help', `name "${l.name}", text "${l.text}"`);
    expect(l.bg === 'rgb(31, 95, 70)' && l.fg === 'rgb(255, 255, 255)', `colours ${l.bg} on ${l.fg}`);
    expect(Math.abs(l.box.right - 1268) < 1 && Math.abs(l.box.bottom - 788) < 1 && l.box.height === 52,
      `launcher box ${JSON.stringify(l.box)}`);
    await page.screenshot({ path: screenshotPath('widget-0-launcher-in-page.png') });
    await page.click('h1');
    let found = false;
    for (let i = 0; i < 60 && !found; i += 1) {
      await page.keyboard.press('Tab');
      found = await pageLauncherFocused(page);
    }
    expect(found, "Tab never reached the loader's launcher");
    await page.screenshot({ path: screenshotPath('widget-0-launcher-in-page-focused.png') });
    await page.keyboard.press('Enter');
    held.release();
    const frame = await (await page.waitForSelector('iframe#seam-widget-frame')).contentFrame();
    await frame.waitForSelector('#seam-panel:not([hidden])', { timeout: 10000 });
    await frame.waitForFunction(() => document.hasFocus() && document.activeElement.id === 'seam-input');
    await page.waitForSelector('#seam-launcher-host', { state: 'detached' });
    expect(violations.length === 0, violations.join('\n'));
    await held.context.close();
  });

  // [SECTION] Store page, anonymous
  const store = await newPage();
  const { page } = store;
  let frame;

  await checks.run('the store page boots one widget iframe from the Seam origin, sized to the launcher', async () => {
    await page.goto(`${B}/demo/store.html`);
    frame = await frameOf(page);
    expect((await page.$$('iframe')).length === 1, 'exactly one iframe');
    expect(frame.url().startsWith(`${B}/widget/frame.html`), frame.url());
    await page.waitForFunction(() => document.getElementById('seam-widget-frame').getBoundingClientRect().width < 200);
    const box = await (await page.$('#seam-widget-frame')).boundingBox();
    expect(box.width < 200 && box.height < 100 && box.x > 1000 && box.y > 650, `closed frame box ${JSON.stringify(box)}`);
    await page.screenshot({ path: screenshotPath('widget-1-store-closed.png') });
  });

  await checks.run('Tab reaches the launcher inside the frame; Enter opens the panel and focuses the composer', async () => {
    await page.click('h1');
    let found = false;
    for (let i = 0; i < 60 && !found; i += 1) {
      await page.keyboard.press('Tab');
      found = (await focusedId(frame)) === 'seam-launcher';
    }
    expect(found, 'Tab never reached #seam-launcher');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('#seam-panel:not([hidden])');
    await frame.waitForFunction(() => document.activeElement.id === 'seam-input');
    await page.waitForFunction(() => document.getElementById('seam-widget-frame').getBoundingClientRect().width >= 390);
    const box = await (await page.$('#seam-widget-frame')).boundingBox();
    const panel = await frame.$eval('#seam-panel', (el) => el.getBoundingClientRect().toJSON());
    expect(Math.round(panel.width) === 400 && Math.round(panel.height) === 640 && box.width < 430,
      `open frame ${JSON.stringify(box)}, panel ${JSON.stringify(panel)}`);
    expect(await frame.getAttribute('#seam-log', 'role') === 'log', 'role=log');
    expect(await frame.getAttribute('#seam-log', 'aria-live') === 'polite', 'aria-live=polite');
    const label = await frame.evaluate(() => document.querySelector('label[for="seam-input"]').textContent);
    expect(label.trim().length > 0, 'the composer has a label');
    await page.screenshot({ path: screenshotPath('widget-2-store-open.png') });
  });

  await checks.run('"what is your return policy?" is answered with a knowledge card linking the article', async () => {
    await ask(page, frame, 'what is your return policy?');
    await frame.waitForSelector('.card a', { timeout: 10000 });
    const href = await frame.getAttribute('.card a', 'href');
    expect(/\/help\/returns-policy/.test(href), `article link ${href}`);
    const card = await frame.textContent('.card .card-text');
    expect(/unworn|tags/i.test(card) && !/\(\/help\//.test(card), `card text ${card}`);
    await frame.waitForSelector('.replies .reply');
    await page.screenshot({ path: screenshotPath('widget-3-knowledge-card.png') });
  });

  await checks.run('"where is my order?" asks for the order number', async () => {
    await ask(page, frame, 'where is my order?');
    await waitLog(frame, /(which order|order number)[^\n]*LW-104233/i);
    await page.screenshot({ path: screenshotPath('widget-4-order-number.png') });
  });

  await checks.run('a reload keeps the conversation', async () => {
    await page.reload();
    frame = await frameOf(page);
    await waitLog(frame, /what is your return policy\?[\s\S]*where is my order\?[\s\S]*LW-104233/);
    const customer = await frame.$$eval('.msg.customer', (els) => els.length);
    expect(customer === 2, `customer bubbles after reload: ${customer}`);
  });

  await checks.run('Escape closes the panel and focus returns to the launcher', async () => {
    if (await frame.isHidden('#seam-panel')) await frame.click('#seam-launcher');
    await frame.waitForSelector('#seam-panel:not([hidden])');
    await frame.focus('#seam-input');
    await page.keyboard.press('Escape');
    await frame.waitForSelector('#seam-panel', { state: 'hidden' });
    await frame.waitForFunction(() => document.activeElement.id === 'seam-launcher');
    await page.waitForFunction(() => document.getElementById('seam-widget-frame').getBoundingClientRect().width < 200);
    await page.screenshot({ path: screenshotPath('widget-5-closed-focus.png') });
  });
  await store.context.close();

  // [SECTION] Account page, identified
  const account = await newPage();
  const ap = account.page;
  let af;
  let caseId;
  let agent;
  let handoff;

  await checks.run('the account page lists Ana\'s orders (POST /demo/identity → customer token)', async () => {
    await ap.goto(`${B}/demo/account.html`);
    await ap.waitForSelector('#orders:not([hidden])', { timeout: 10000 });
    const rows = await ap.textContent('#order-rows');
    expect(rows.includes('LW-104233'), `orders: ${rows.slice(0, 200)}`);
  });

  await checks.run('Ana asks about LW-104233 in the widget and sees UPS', async () => {
    af = await frameOf(ap);
    await af.click('#seam-launcher');
    await af.waitForFunction(() => document.activeElement.id === 'seam-input');
    await ask(ap, af, 'where is my order LW-104233?');
    await waitLog(af, /UPS/, 15000);
    await ap.screenshot({ path: screenshotPath('widget-6-account-ups.png') });
  });

  await checks.run('"Talk to a person" → choose a queue → handed off', async () => {
    await af.click('#seam-human');
    await af.waitForSelector('.replies .reply');
    await af.click('.replies .reply >> text=An order or delivery');
    await waitLog(af, /will be with you shortly|Waiting for a person/);
    caseId = await caseIdOf(af);
    expect(caseId, 'case id in localStorage');
    await ap.screenshot({ path: screenshotPath('widget-7-handoff.png') });
  });

  await checks.run('an agent claims and replies through the API; the reply shows live', async () => {
    agent = (await api('POST', '/v1/agents/login', { login: 'maya', secret: 'maya-demo-secret' })).token;
    const { handoffs } = await api('GET', '/v1/handoffs?status=queued', null, agent);
    handoff = handoffs.find((h) => h.case_id === caseId);
    expect(handoff, `no queued handoff for ${caseId}: ${JSON.stringify(handoffs).slice(0, 300)}`);
    await api('POST', `/v1/handoffs/${handoff.id}/claim`, {}, agent);
    await api('POST', `/v1/handoffs/${handoff.id}/reply`, { text: 'Hi Ana, Maya here. I can see LW-104233 is with UPS.' }, agent);
    await waitLog(af, /Maya here\. I can see LW-104233/, 30000);
    await waitLog(af, /Maya Chen joined/);  // the agent's display name
    await ap.screenshot({ path: screenshotPath('widget-8-agent-reply.png') });
  });

  await checks.run("Seam('track') on the account page reaches the agent with the handoff", async () => {
    const detail = await api('GET', `/v1/handoffs/${handoff.id}`, null, agent);
    const seen = (detail.page_events || []).find((e) => e.name === 'viewed_orders');
    expect(seen && seen.props.count > 0, `page_events: ${JSON.stringify(detail.page_events)}`);
    const queued = await af.evaluate(() => Object.keys(localStorage).map((k) => JSON.parse(localStorage.getItem(k)))
      .map((r) => (r && r.pageEvents) || []).flat().length);
    expect(queued === 0, `events still queued in the frame: ${queued}`);
  });

  await checks.run('offline: a message is queued as "sending…", then delivered exactly once', async () => {
    await account.context.setOffline(true);
    await af.waitForSelector('#seam-offline:not([hidden])');
    await ask(ap, af, 'Thanks! Can it go to my office instead?');
    await af.waitForSelector('.msg.customer[data-status="sending"]');
    const shown = await af.textContent('.msg.customer[data-status="sending"]');
    expect(/sending/.test(shown), `queued bubble: ${shown}`);
    await ap.screenshot({ path: screenshotPath('widget-9-offline-queued.png') });
    await account.context.setOffline(false);
    await af.waitForSelector('.msg.customer[data-status="sending"]', { state: 'detached', timeout: 15000 });
    await new Promise((r) => setTimeout(r, 1500));
    const c = await api('GET', `/v1/cases/${caseId}`, null, agent);
    const copies = c.messages.filter((m) => m.sender === 'customer' && m.text === 'Thanks! Can it go to my office instead?');
    expect(copies.length === 1, `delivered ${copies.length} times`);
  });

  await checks.run('the agent resolves; the widget shows the CSAT prompt and takes a rating', async () => {
    await api('POST', `/v1/handoffs/${handoff.id}/resolve`, { outcome: 'resolved' }, agent);
    await af.waitForSelector('.csat button', { timeout: 40000 });
    await af.click('.csat button[aria-label^="5"]');
    await waitLog(af, /Thank you for your feedback/);
    await ap.screenshot({ path: screenshotPath('widget-10-csat.png') });
  });

  await checks.run('Ana returns LW-104198 and takes store credit: label and refund in the widget', async () => {
    await ask(ap, af, 'I want to return my order LW-104198');
    await af.waitForSelector('.replies .reply >> text=Too small', { timeout: 15000 });
    await af.click('.replies .reply >> text=Too small');
    await waitLog(af, /Return label: \/v1\/returns\/RMA-/, 15000);
    await af.waitForSelector('.replies .reply >> text=Store credit', { timeout: 15000 });
    await af.click('.replies .reply >> text=Store credit');
    await waitLog(af, /will be refunded/, 15000);
    await ap.screenshot({ path: screenshotPath('widget-10b-return-refund.png') });
    // The label the widget linked is a real document in the store, Ana's to read.
    const rma = /RMA-\d+-\d+/.exec(await logText(af));
    expect(rma, 'an RMA number in the conversation');
    const session = await api('POST', '/v1/sessions', {
      identity: { token: (await api('POST', '/demo/identity', { customer: 'demo-ana' })).token } });
    const label = await api('GET', `/v1/returns/${rma[0]}/label`, undefined, session.customer_token);
    expect(label.label.order === 'LW-104198', JSON.stringify(label));
  });
  await account.context.close();

  // [SECTION] Exactly once, other tabs
  await checks.run('a turn whose answer is lost is retried with the same client_id and runs once', async () => {
    const lossy = await newPage(undefined, /ERR_FAILED/);   // the answer the test drops
    let dropped = 0;
    const ids = [];
    await lossy.context.route('**/v1/cases/*/turns', async (route) => {
      ids.push(JSON.parse(route.request().postData()).client_id);
      if (dropped === 0) {
        dropped += 1;
        await route.fetch();          // the server runs the turn...
        return route.abort('failed'); // ...but the answer never arrives
      }
      return route.continue();
    });
    await lossy.page.goto(`${B}/demo/csp.html`);
    const lf = await frameOf(lossy.page);
    await lf.click('#seam-launcher');
    await ask(lossy.page, lf, 'do you ship to Canada?');
    await lf.waitForSelector('.msg.customer[data-status="sent"]', { timeout: 15000 });
    await lf.waitForSelector('.msg.bot, .card');
    expect(ids.length === 2 && ids[0] === ids[1], `client_ids sent: ${JSON.stringify(ids)}`);
    const caseId2 = await caseIdOf(lf);
    const token = await lf.evaluate(() => {
      for (let i = 0; i < localStorage.length; i += 1) {
        const k = localStorage.key(i);
        if (k.startsWith('seam:v1:')) return JSON.parse(localStorage.getItem(k)).token;
      }
      return null;
    });
    const c = await api('GET', `/v1/cases/${caseId2}`, null, token);
    const sent = c.messages.filter((m) => m.sender === 'customer');
    expect(sent.length === 1, `the server has ${sent.length} customer messages`);
    const bubbles = await lf.$$eval('.msg.customer', (els) => els.length);
    expect(bubbles === 1, `${bubbles} customer bubbles`);

    // A second tab of the same site shows the same conversation and follows new turns.
    const tab2 = watch(await lossy.context.newPage(), 'tab2');
    await tab2.goto(`${B}/demo/csp.html`);
    const t2 = await frameOf(tab2);
    await t2.click('#seam-launcher');
    await waitLog(t2, /do you ship to Canada\?/);
    await ask(lossy.page, lf, 'how long does shipping take?');
    await waitLog(t2, /how long does shipping take\?/);
    await lossy.context.close();
  });

  // [SECTION] Phone width and strict CSP
  await checks.run('at 360 px the open widget fills the screen and stays usable', async () => {
    const phone = await newPage({ width: 360, height: 740 });
    await phone.page.goto(`${B}/demo/store.html`);
    const pf = await frameOf(phone.page);
    await phone.page.screenshot({ path: screenshotPath('widget-11-phone-closed.png') });
    await pf.click('#seam-launcher');
    await phone.page.waitForFunction(() => document.getElementById('seam-widget-frame').getBoundingClientRect().width === 360);
    await ask(phone.page, pf, 'how much is shipping?');
    await pf.waitForSelector('.msg.bot, .card', { timeout: 10000 });
    const overflow = await pf.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(!overflow, 'horizontal overflow at 360 px');
    await phone.page.screenshot({ path: screenshotPath('widget-12-phone-open.png') });
    await phone.context.close();
  });

  await checks.run('the strict-CSP store page is served with its policy and the widget works under it', async () => {
    const res = await fetch(`${B}/demo/csp.html`);
    const csp = res.headers.get('content-security-policy') || '';
    expect(/script-src 'self'/.test(csp) && /frame-src 'self'/.test(csp), `Content-Security-Policy: "${csp}" (seamd must send it)`);
    const frameCsp = (await fetch(`${B}/widget/frame.html`)).headers.get('content-security-policy') || '';
    expect(/default-src|script-src/.test(frameCsp), `widget frame CSP: "${frameCsp}"`);
    const cspPage = await newPage();
    const violations = [];
    cspPage.page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
    await cspPage.page.goto(`${B}/demo/csp.html`);
    const cf = await frameOf(cspPage.page);
    await cf.click('#seam-launcher');
    await ask(cspPage.page, cf, 'what is your return policy?');
    await cf.waitForSelector('.card a', { timeout: 10000 });
    await cspPage.page.screenshot({ path: screenshotPath('widget-13-csp.png') });
    expect(violations.length === 0, violations.join('\n'));
    await cspPage.context.close();
  });

  // axe-core (WCAG 2.0/2.1 A and AA rules) on each demo page with the widget open, in the host
  // page and inside the widget's frame. The test context bypasses CSP only to inject axe.
  const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const axeRun = async (target) => {
    await target.evaluate(AXE);
    return target.evaluate(async () => {
      const r = await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  };
  for (const [name, url] of [['store', '/demo/store.html'], ['account', '/demo/account.html']]) {
    await checks.run(`axe-core: no WCAG 2.1 AA violations on the ${name} page with the widget open`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
      const page = watch(await context.newPage(), `axe-${name}`);
      await page.goto(`${B}${url}`);
      if (name === 'account') await page.waitForSelector('#orders:not([hidden])', { timeout: 10000 });
      const frame = await frameOf(page);
      await frame.click('#seam-launcher');
      if (name === 'store') {  // (the account page shows Ana's ongoing conversation as it is)
        await ask(page, frame, 'what is your return policy?');
        await frame.waitForSelector('.card a', { timeout: 10000 });
      } else {
        await frame.waitForSelector('#seam-log .msg', { timeout: 10000 });
      }
      const found = [...(await axeRun(page)).map((v) => `page: ${v}`),
        ...(await axeRun(frame)).map((v) => `frame: ${v}`)];
      expect(found.length === 0, found.join('\n'));
      await context.close();
    });
  }

  await checks.run("axe-core: no violations with the loader's launcher in the page; a click opens, the frame's takes its place", async () => {
    const held = await heldPage('/demo/store.html', { bypassCSP: true });
    const { page } = held;
    const found = (await axeRun(page)).map((v) => `page: ${v}`);
    expect(found.length === 0, found.join('\n'));
    const before = (await pageLauncher(page)).box;
    await page.click('#seam-launcher-host button');
    held.release();
    const frame = await (await page.waitForSelector('iframe#seam-widget-frame')).contentFrame();
    await frame.waitForSelector('#seam-panel:not([hidden])', { timeout: 10000 });
    await frame.waitForFunction(() => document.activeElement.id === 'seam-input');
    await page.waitForSelector('#seam-launcher-host', { state: 'detached' });
    await page.keyboard.press('Escape');
    await frame.waitForFunction(() => document.activeElement.id === 'seam-launcher');
    await page.waitForFunction(() => document.getElementById('seam-widget-frame').getBoundingClientRect().width < 200);
    const outer = await (await page.$('#seam-widget-frame')).boundingBox();
    const inner = await frame.$eval('#seam-launcher', (el) => el.getBoundingClientRect().toJSON());
    const after = { x: outer.x + inner.x, y: outer.y + inner.y, width: inner.width, height: inner.height };
    const off = ['x', 'y', 'width', 'height'].filter((k) => Math.abs(after[k] - before[k]) > 0.5);
    expect(off.length === 0, `the frame's launcher ${JSON.stringify(after)} is not where the page's was ${JSON.stringify(before)}`);
    await held.context.close();
  });

  await checks.run('local brain: the answer shows before the (delayed) server turn, then once', async () => {
    const slow = await newPage();
    let released = 0;
    await slow.context.route('**/v1/cases/*/turns', async (route) => {
      await new Promise((r) => setTimeout(r, 3000));
      released = Date.now();
      await route.continue();
    });
    await slow.page.goto(`${B}/demo/store.html`);
    const sf = await frameOf(slow.page);
    await sf.waitForSelector('body[data-local-brain="ready"]', { timeout: 20000 });
    await sf.click('#seam-launcher');
    const t0 = Date.now();
    await ask(slow.page, sf, 'what is your return policy?');
    await sf.waitForSelector('.card.is-preview', { timeout: 2500 });
    expect(released === 0, 'the preview came after the server turn');
    await slow.page.screenshot({ path: screenshotPath('widget-14-local-preview.png') });
    await sf.waitForSelector('.card:not(.is-preview)[data-id]', { timeout: 10000 });
    const cards = await sf.$$eval('.card', (els) => els.length);
    expect(cards === 1, `cards after the server confirmed: ${cards}`);
    expect(Date.now() - t0 >= 2900, 'the server turn was not delayed');
    await slow.context.close();
  });

  await checks.run('no errors in the browser console', async () => {
    expect(consoleErrors.length === 0, consoleErrors.join('\n'));
  });
} finally {
  await browser.close();
  const code = await server.stop();
  await checks.run('seamd stops cleanly on SIGTERM', async () => {
    expect(code === 0, `seamd exit code ${code}`);
  });
}
process.exit(checks.report());
