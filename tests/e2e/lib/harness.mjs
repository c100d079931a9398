// tests/e2e/lib/harness.mjs — shared plumbing of the browser tests: a private seamd on a free port,
// Debian's headless Chromium through playwright-core, named checks, screenshots as artifacts, and
// the "SEAM-RESULT passed=N failed=M" line scripts/test reads.
import { spawn } from 'node:child_process';
import fs, { mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../lib/free-port.mjs';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS = path.join(ROOT, 'build/test-artifacts');
const BIN_DIR = process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin');
const WEB_DIR = process.env.SEAM_WEB_DIR || path.join(ROOT, 'build/web');


async function waitForHealth(base, child, name = 'seamd', timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer ${base}/healthz within ${timeoutMs} ms`);
}

function stopChild(child, cleanup) {
  return new Promise((resolve) => {
    const done = (code) => {
      cleanup();
      resolve(code);
    };
    if (child.exitCode !== null) return done(child.exitCode);
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

//! The value of `--today` in `args`, or undefined.
function todayOf(args) {
  const i = args.indexOf('--today');
  return i >= 0 ? args[i + 1] : undefined;
}

//! GET `url` on a connection of its own: fetch() would reuse the keep-alive socket of the
//! health check, which the server may close (idle) just as the request goes out.
function getJsonFresh(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${url} → ${res.statusCode} ${body}`));
        try { resolve(JSON.parse(body)); } catch (e) { reject(e); }
      });
    }).on('error', reject);
  });
}

//! Starts the demo shop's own order, payment and account service (build/bin/seam-demo-shop) on a
//! free port with a private store; returns {base, secrets, stats(), stop()}.
export async function startDemoShop({ today } = {}) {
  const port = await freePort();
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'seam-shop-'));
  const secrets = {
    DEMO_SHOP_API_TOKEN: `e2e-token-${process.pid}-${port}`,
    DEMO_SHOP_SIGNING_KEY: `e2e-signing-key-${process.pid}-${port}`,
  };
  const args = ['--port', String(port), '--data', data, ...(today ? ['--today', today] : [])];
  const child = spawn(path.join(BIN_DIR, 'seam-demo-shop'), args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, SEAM_DEMO_SHOP_API_TOKEN: secrets.DEMO_SHOP_API_TOKEN,
      SEAM_DEMO_SHOP_SIGNING_KEY: secrets.DEMO_SHOP_SIGNING_KEY },
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, 'seam-demo-shop');
  return {
    base,
    secrets,
    stats: () => getJsonFresh(`${base}/v1/stats`, { Authorization: `Bearer ${secrets.DEMO_SHOP_API_TOKEN}` }),
    stop: () => stopChild(child, () => fs.rmSync(data, { recursive: true, force: true })),
  };
}

//! Where the suites' actions run: SEAM_E2E_ACTIONS=http sends every action to a private demo
//! shop service through assets/connectors/demo-shop (as scripts/demo does); builtin (the
//! default) runs them in seamd's own store.
export const ACTIONS = process.env.SEAM_E2E_ACTIONS || 'builtin';

//! Starts seamd (serving build/web) on a free port; returns {base, shop, stop()}. With
//! `actions: 'http'` a demo shop service starts first (with the same --today) and seamd reaches
//! it only through the http connectors; `shop` is that service (null otherwise).
export async function startSeamd(extraArgs = [], { actions = ACTIONS } = {}) {
  if (actions !== 'builtin' && actions !== 'http') throw new Error(`actions: ${actions}?`);
  const port = await freePort();
  // A private store per run: seamd (--demo) loads the demo shop into it on first start.
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'seam-e2e-'));
  const args = ['--port', String(port), '--web-root', WEB_DIR,
    '--data', data, '--demo', ...extraArgs];
  let shop = null;
  if (actions === 'http') {
    shop = await startDemoShop({ today: todayOf(extraArgs) });
    const config = path.join(data, 'connectors.json');
    fs.writeFileSync(config, JSON.stringify({ secrets: shop.secrets, config: { DEMO_SHOP_URL: shop.base } }),
      { mode: 0o600 });
    args.push('--connectors', path.join(ROOT, 'assets/connectors/demo-shop'), '--connectors-config', config);
  }
  const child = spawn(path.join(BIN_DIR, 'seamd'), args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base, child);
  } catch (e) {
    if (shop) await shop.stop();
    throw e;
  }
  return {
    base,
    shop,
    stop: async () => {
      const code = await stopChild(child, () => fs.rmSync(data, { recursive: true, force: true }));
      if (shop) await shop.stop();
      return code;
    },
  };
}

//! api(method, url, body?, token?) for seamd at `base`: the parsed JSON answer, or a thrown error
//! naming the request and seamd's answer.
export function apiClient(base) {
  return async function api(method, url, body, token) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`${base}${url}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
}

//! Headless Debian Chromium; network limited to 127.0.0.1 (TOOLCHAIN.md).
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.SEAM_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic',
           '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
}

//! Runs named async checks in order, printing each; returns {passed, failed}.
export class Checks {
  constructor() { this.passed = 0; this.failed = 0; }

  async run(name, fn) {
    try {
      await fn();
      this.passed += 1;
      console.log(`ok    ${name}`);
    } catch (err) {
      this.failed += 1;
      console.log(`FAIL  ${name}\n      ${String(err && err.stack || err).split('\n').join('\n      ')}`);
    }
  }

  report() {
    console.log(`SEAM-RESULT passed=${this.passed} failed=${this.failed}`);
    return this.failed === 0 ? 0 : 1;
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

export function screenshotPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
