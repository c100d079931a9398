// tests/e2e/lib/harness.mjs — shared plumbing of the browser tests: a private seamd on a free port,
// Debian's headless Chromium through playwright-core, named checks, screenshots as artifacts, and
// the "SEAM-RESULT passed=N failed=M" line scripts/test reads.
import { spawn } from 'node:child_process';
import fs, { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../lib/free-port.mjs';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS = path.join(ROOT, 'build/test-artifacts');
const BIN_DIR = process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin');
const WEB_DIR = process.env.SEAM_WEB_DIR || path.join(ROOT, 'build/web');


async function waitForHealth(base, child, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`seamd exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`seamd did not answer ${base}/healthz within ${timeoutMs} ms`);
}

//! Starts seamd (serving build/web) on a free port; returns {base, stop()}.
export async function startSeamd(extraArgs = []) {
  const port = await freePort();
  // A private store per run: seamd (--demo) loads the demo shop into it on first start.
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'seam-e2e-'));
  const args = ['--port', String(port), '--web-root', WEB_DIR,
    '--data', data, '--demo', ...extraArgs];
  const child = spawn(path.join(BIN_DIR, 'seamd'), args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child);
  return {
    base,
    stop: () => new Promise((resolve) => {
      const done = (code) => {
        fs.rmSync(data, { recursive: true, force: true });
        resolve(code);
      };
      if (child.exitCode !== null) return done(child.exitCode);
      child.once('exit', done);
      child.kill('SIGTERM');
    }),
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
