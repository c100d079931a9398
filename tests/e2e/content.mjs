// tests/e2e/content.mjs — issue 19 end to end: a flow changed in the console without a restart.
// An admin (maya) signs in to the console in headless Chromium, opens the Content view (Ctrl+5),
// changes the Spanish words of password_reset's "sent" message in the flow editor, sees the
// checker accept it, runs the draft in the simulation, and publishes it. A new conversation in
// Spanish on the demo store's widget then says the new words, while a conversation that was
// already in that flow before the publish finishes on the old ones. A draft with an unreachable
// step cannot be published (the problem is on the step). Two admins: rosa publishes the same
// flow first, maya's publish gets 409 and the console shows the banner. Maya rolls back from the
// History tab; the next conversation says the old words again. Then the native console (GLFW +
// OpenGL 3 under Xvfb) draws the Content view with that history. Screenshots go to
// build/test-artifacts/content-*.png.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { apiClient, Checks, ROOT, expect, launchBrowser, screenshotPath, startSeamd } from './lib/harness.mjs';
import { click, marks, press, settle, waitMark } from './lib/console-driver.mjs';

const checks = new Checks();
const server = await startSeamd([]);
const browser = await launchBrowser();
const B = server.base;
const api = apiClient(B);
const pageErrors = [];

const FLOW = 'flows/password_reset.json';
const NEW_WORDS = 'Gracias por tu paciencia';
const OLD_WORDS = 'te llegará un enlace para restablecer la contraseña';

//! An anonymous visitor in Spanish who asks to reset the password: {caseId, token}, waiting for
//! the email address (the flow's first step).
async function startReset() {
  const s = await api('POST', '/v1/sessions', { locale: 'es', new_case: true });
  const caseId = s.case.id;
  const token = s.session_token;
  const r = await api('POST', `/v1/cases/${caseId}/turns`, { text: 'olvidé mi contraseña' }, token);
  const said = r.messages.filter((m) => m.sender === 'bot').map((m) => m.text).join(' ');
  expect(/correo electrónico/.test(said), `not asked for the email: ${said}`);
  return { caseId, token };
}

//! The visitor gives the address: what the bot says back.
async function giveEmail(conversation) {
  const r = await api('POST', `/v1/cases/${conversation.caseId}/turns`, { text: 'ana@example.com' },
    conversation.token);
  return r.messages.filter((m) => m.sender === 'bot').map((m) => m.text).join(' ');
}

async function token(login) {
  return (await api('POST', '/v1/agents/login', { login, secret: `${login}-demo-secret` })).token;
}

async function openConsole() {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => {
    // A 409 and a 422 are answers this test asks for; the browser logs them as failed loads.
    if (msg.type() === 'error' && !/status of (401|409|422)/.test(msg.text())) pageErrors.push(msg.text());
  });
  await page.goto(`${B}/console`);
  await page.waitForFunction(() => window.seamConsole, null, { timeout: 15000 });
  await page.evaluate(() => window.seamConsole.ready);
  await click(page, 'login.name');
  await press(page, 'Control+A');
  await page.keyboard.type('maya', { delay: 10 });
  await page.waitForTimeout(150);
  await click(page, 'login.secret');
  await page.keyboard.type('maya-demo-secret', { delay: 10 });
  await page.waitForTimeout(150);
  await press(page, 'Enter');
  await waitMark(page, 'tab.desk');
  return { context, page };
}

//! Types `text` at the end of a words cell of the selected step (click: the cell becomes a text
//! box with the cursor at the end; Enter: done).
async function appendWords(page, markName, text) {
  await click(page, markName);
  await settle(page, 3);  // the box takes the keyboard a frame after the click
  await page.keyboard.type(text, { delay: 15 });
  await page.waitForTimeout(150);
  await press(page, 'Enter');
  await settle(page);
}

let page;
let before;  // the conversation in the flow before the publish
let publishedVersion = 0;

try {
  await checks.run('a Spanish visitor is in password_reset before anything changes', async () => {
    before = await startReset();
  });

  await checks.run('maya opens the Content view (Ctrl+5) and the password reset flow', async () => {
    ({ page } = await openConsole());
    await press(page, 'Control+5');
    await waitMark(page, `content.file.${FLOW}`);
    await click(page, `content.file.${FLOW}`);
    await waitMark(page, 'flowed.step.sent');
    await page.screenshot({ path: screenshotPath('content-1-flow.png') });
  });

  await checks.run('she changes the "sent" message in Spanish; the checker accepts it', async () => {
    await click(page, 'flowed.step.sent');
    await waitMark(page, 'flowed.words.es');
    await appendWords(page, 'flowed.words.es', ` ${NEW_WORDS}.`);
    await waitMark(page, 'content.no_problems');
    // The console runs the flow's saved tests a moment after the last change; then it may publish.
    await page.waitForFunction(() => !window.seamConsole.marks()['content.publish.blocked'], null,
      { timeout: 15000, polling: 50 });
    const m = await marks(page);
    expect(m['content.publish'] && !m['content.publish.blocked'], 'publishing is blocked for an accepted draft');
    await page.screenshot({ path: screenshotPath('content-2-edited.png') });
  });

  await checks.run('she runs the draft in the simulation: the flow asks, the action is answered ok', async () => {
    await click(page, 'content.tab.try');
    await waitMark(page, 'content.sim.try');
    await click(page, 'content.sim.try');
    await waitMark(page, 'content.sim.running');
    await waitMark(page, 'content.sim.start');
    await click(page, 'content.sim.start');
    await waitMark(page, 'content.sim.input');
    await click(page, 'content.sim.input');
    await page.waitForTimeout(200);
    await page.keyboard.type('ana@example.com', { delay: 10 });
    await press(page, 'Enter');
    await settle(page);
    await waitMark(page, 'content.sim.outcome.ok');
    await click(page, 'content.sim.outcome.ok');
    await settle(page);
    await page.screenshot({ path: screenshotPath('content-3-draft-run.png') });
  });

  await checks.run('she publishes with a note: version 2, and seamd says so', async () => {
    await click(page, 'content.tab.publish');
    await waitMark(page, 'content.note');
    await click(page, 'content.note');
    await page.waitForTimeout(200);
    await page.keyboard.type('Warmer words after the reset link', { delay: 5 });
    await click(page, 'content.publish');
    await waitMark(page, 'content.published.2', 30000);
    publishedVersion = 2;
    const history = await api('GET', '/v1/content/history', null, await token('sam'));
    expect(history.releases[0].version === 2 && history.releases[0].author === 'agent:maya',
      JSON.stringify(history.releases[0]));
    expect(history.releases[0].paths.includes(FLOW), JSON.stringify(history.releases[0].paths));
    await page.screenshot({ path: screenshotPath('content-4-published.png') });
  });

  await checks.run('a new widget conversation in Spanish says the new words', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const shop = await context.newPage();
    // The demo store in Spanish (its boot reads <html lang>).
    await shop.route('**/demo/store.html', async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(/<html lang="[a-z]+"/, '<html lang="es"');
      await route.fulfill({ response: res, body: html });
    });
    await shop.goto(`${B}/demo/store.html`);
    const handle = await shop.waitForSelector('iframe#seam-widget-frame', { timeout: 15000 });
    const frame = await handle.contentFrame();
    await frame.waitForSelector('#seam-launcher:not([hidden])', { timeout: 15000 });
    await frame.click('#seam-launcher');
    await frame.waitForSelector('#seam-panel:not([hidden])');
    for (const text of ['olvidé mi contraseña', 'ana@example.com']) {
      await frame.focus('#seam-input');
      await shop.keyboard.type(text, { delay: 5 });
      await shop.keyboard.press('Enter');
      await shop.waitForTimeout(300);
    }
    await frame.waitForFunction((w) => document.getElementById('seam-log').textContent.includes(w),
      NEW_WORDS, { timeout: 15000 });
    await shop.screenshot({ path: screenshotPath('content-5-widget-new-words.png') });
    await context.close();
  });

  await checks.run('the conversation started before the publish finishes on the old words', async () => {
    const said = await giveEmail(before);
    expect(said.includes(OLD_WORDS) && !said.includes(NEW_WORDS), `said: ${said}`);
  });

  await checks.run('a draft with an unreachable step cannot be published; the problem is on the step', async () => {
    await click(page, 'flowed.add');
    await settle(page, 4);
    const m = await marks(page);
    const added = Object.keys(m).find((k) => /^flowed\.step\.[^.]+\.problems\.\d+$/.test(k));
    expect(added, `no step shows a problem: ${Object.keys(m).filter((k) => k.startsWith('flowed.step')).join(' ')}`);
    await waitMark(page, 'content.publish.blocked');
    await page.screenshot({ path: screenshotPath('content-6-blocked.png') });
    await click(page, 'flowed.undo');
    await waitMark(page, 'content.no_problems');
  });

  await checks.run('two admins: rosa publishes first, maya gets 409 and the console shows whose won', async () => {
    // Maya's draft: one more word in Spanish.
    await click(page, 'flowed.step.sent');
    // (ASCII: Playwright sends characters a US keyboard has no key for as text input only,
    // which a canvas never receives; a Spanish keyboard's ¡ key arrives as a key like any other.)
    await appendWords(page, 'flowed.words.es', ' Hasta pronto.');
    await waitMark(page, 'content.no_problems');
    // Rosa, in her own console (the API here), publishes the same file on the same revision.
    const rosa = await token('rosa');
    const exported = await api('GET', '/v1/content/export', null, rosa);
    const item = exported.items.find((i) => i.path === FLOW);
    const theirs = exported.files[FLOW].replace(NEW_WORDS, 'Gracias por esperar');
    const r = await api('POST', '/v1/content/publish', { note: "Rosa's wording",
      changes: [{ path: FLOW, text: theirs, base_revision: item.revision }] }, rosa);
    expect(r.version === 3, JSON.stringify(r));
    await click(page, 'content.publish');
    await waitMark(page, 'content.conflict', 30000);
    await page.screenshot({ path: screenshotPath('content-7-conflict.png') });
    // Her change is not published; Rosa's is the current version.
    const now = await api('GET', '/v1/content/export', null, rosa);
    expect(now.version === 3 && now.files[FLOW].includes('Gracias por esperar'), `version ${now.version}`);
    await click(page, 'content.conflict.theirs');
    await settle(page, 4);
  });

  await checks.run('maya rolls back to version 1 from History; the next conversation says the old words', async () => {
    await click(page, 'content.tab.history');
    await click(page, 'content.history.refresh');
    await waitMark(page, 'content.history.1');
    await click(page, 'content.history.1');
    await waitMark(page, 'content.diff');
    await waitMark(page, 'content.rollback');
    await click(page, 'content.rollback');
    await waitMark(page, 'content.rollback.confirm');
    await click(page, 'content.rollback.note');
    await page.waitForTimeout(200);
    await page.keyboard.type('Back to the original words', { delay: 5 });
    await click(page, 'content.rollback.confirm');
    const sam = await token('sam');
    let history;
    for (let i = 0; i < 60; i += 1) {
      history = await api('GET', '/v1/content/history', null, sam);
      if (history.releases[0].action === 'rollback') break;
      await page.waitForTimeout(250);
    }
    const top = history.releases[0];
    expect(top.action === 'rollback' && top.rolled_back_to === 1 && top.author === 'agent:maya', JSON.stringify(top));
    await settle(page, 4);
    await page.screenshot({ path: screenshotPath('content-8-rolled-back.png') });
    const later = await startReset();
    const said = await giveEmail(later);
    expect(said.includes(OLD_WORDS) && !said.includes(NEW_WORDS) && !said.includes('Gracias por esperar'),
      `said: ${said}`);
  });

  await checks.run('the native console draws the Content view with the history', async () => {
    const ppm = screenshotPath('content-9-native.ppm');
    const layout = path.join(path.dirname(ppm), 'content-native.ini');
    fs.writeFileSync(layout, '[SeamConsole][Layout]\nView=content\nLogin=maya\n\n');
    const bin = path.join(process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin'), 'seam-console');
    const r = spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x720x24', bin,
      '--server', B, '--login', 'maya', '--secret-env', 'SEAM_TEST_SECRET', '--frames', '3000',
      '--until-mark', `content.file.${FLOW}`, '--layout', layout, '--screenshot', ppm],
    { env: { ...process.env, SEAM_TEST_SECRET: 'maya-demo-secret', ASAN_OPTIONS: 'detect_leaks=0' },
      encoding: 'utf8', timeout: 120000 });
    expect(r.status === 0, `seam-console exited ${r.status}: ${r.stderr}`);
    const png = screenshotPath('content-9-native.png');
    expect(spawnSync('convert', [ppm, png]).status === 0, 'convert failed');
    fs.rmSync(ppm, { force: true });
  });

  await checks.run('no page errors', async () => {
    expect(pageErrors.length === 0, pageErrors.join('\n'));
  });
} finally {
  await browser.close();
  await server.stop();
}
process.exit(checks.report());
