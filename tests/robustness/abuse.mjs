// tests/robustness/abuse.mjs — clients that hold seamd's connections without doing much (issue
// 17): widgets long polling for an agent, idle keep-alive sockets, slowloris senders, and the
// probes that time /healthz meanwhile. Shared by tests/robustness/run.mjs (pass/fail: "seamd
// still answers") and scripts/bench-backend --abuse (figures).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../lib/free-port.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN_DIR = process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export { freePort };

//! Starts build/bin/seamd (SEAM_BIN_DIR) on `port` with store `data`; resolves once /healthz
//! answers: {child, port, base, output()}.
export async function startSeamd({ port, data, args = [] }) {
  port = port || await freePort();
  const child = spawn(path.join(BIN_DIR, 'seamd'), ['--port', String(port), '--data', data,
    '--web-root', path.join(ROOT, 'web/static'), '--assets', path.join(ROOT, 'assets'),
    '--access-log', 'false', '--rate-limit', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`seamd exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) throw new Error(`seamd did not start: ${output}`);
    if ((await probe(base, 1000)).ok) break;
    await sleep(100);
  }
  return { child, port, base, output: () => output };
}

//! Runs seamd on `port` expecting it to give up: resolves with {code, output} when it exits,
//! or {code: null} if it is still running after `timeoutMs` (then it is stopped).
export function seamdThatExits({ port, data, timeoutMs = 30000 }) {
  const child = spawn(path.join(BIN_DIR, 'seamd'), ['--port', String(port), '--data', data,
    '--web-root', path.join(ROOT, 'web/static'), '--assets', path.join(ROOT, 'assets')],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve({ code: null, output }); }, timeoutMs);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

export function stopSeamd(seamd, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (seamd.child.exitCode !== null || seamd.child.signalCode) return resolve(seamd.child.exitCode);
    seamd.child.once('exit', (code) => resolve(code));
    seamd.child.kill(signal);
  });
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(process.env.BENCH_TMP || os.tmpdir(), prefix));
}

//! One request on a fresh connection: {ok, status, ms, body} (ok: an answer within timeoutMs).
export function request(base, method, urlPath, { body, token, headers = {}, timeoutMs = 5000 } = {}) {
  const url = new URL(base + urlPath);
  const started = process.hrtime.bigint();
  const data = body === undefined ? undefined : JSON.stringify(body);
  const h = { ...headers };
  if (data !== undefined) { h['Content-Type'] = 'application/json'; h['Content-Length'] = Buffer.byteLength(data); }
  if (token) h.Authorization = `Bearer ${token}`;
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search,
      method, headers: h, agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        let parsed = null;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ ok: true, status: res.statusCode, ms, body: parsed });
      });
      res.on('error', () => resolve({ ok: false, status: 0, ms: 0, body: null }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ok: false, status: 0, ms: 0, body: null }));
    if (data !== undefined) req.write(data);
    req.end();
  });
}

export const probe = (base, timeoutMs = 5000) => request(base, 'GET', '/healthz', { timeoutMs });

//! Anonymous widget sessions: [{id, token}].
export async function openSessions(base, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = await request(base, 'POST', '/v1/sessions', { body: { locale: 'en' }, timeoutMs: 30000 });
    if (r.status !== 201) throw new Error(`POST /v1/sessions → ${r.status} ${JSON.stringify(r.body)}`);
    out.push({ id: r.body.case.id, token: r.body.session_token });
  }
  return out;
}

//! Widgets waiting for an agent: each keeps one GET .../messages?wait=30 open, again and again,
//! on its own connection. Returns {stop(), answered()}.
export function longPolls(base, sessions) {
  let running = true;
  let answered = 0;
  const agents = [];
  for (const s of sessions) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    const url = new URL(base);
    const loop = () => {
      if (!running) return;
      const req = http.get({ host: url.hostname, port: url.port, agent,
        path: `/v1/cases/${s.id}/messages?after=1000000000&wait=30`,
        headers: { Authorization: `Bearer ${s.token}` } }, (res) => {
        res.resume();
        res.on('end', () => { answered++; setImmediate(loop); });
      });
      req.on('error', () => { if (running) setTimeout(loop, 100); });
    };
    loop();
  }
  return { stop: () => { running = false; for (const a of agents) a.destroy(); }, answered: () => answered };
}

//! Sockets that connect and send nothing; reopened when seamd closes them (keep-alive timeout).
export function idleSockets(port, n) {
  return holdSockets(port, n, () => {});
}

//! Slowloris: each socket sends a request line, then one header byte every `everyMs`, never
//! ending its headers; reopened when seamd closes it (the request deadline).
export function slowloris(port, n, everyMs = 1000) {
  return holdSockets(port, n, (sock) => {
    sock.write('GET /healthz HTTP/1.1\r\nHost: seam\r\n');
    const timer = setInterval(() => sock.write('X'), everyMs);
    sock.once('close', () => clearInterval(timer));
  });
}

function holdSockets(port, n, start) {
  let running = true;
  let reopened = 0;
  const sockets = new Set();
  const open = () => {
    if (!running) return;
    const sock = net.connect(port, '127.0.0.1');
    sockets.add(sock);
    sock.on('connect', () => start(sock));
    sock.on('data', () => {});
    sock.on('error', () => {});
    sock.on('close', () => {
      sockets.delete(sock);
      if (running) { reopened++; setTimeout(open, 50); }
    });
  };
  for (let i = 0; i < n; i++) open();
  return {
    stop: () => { running = false; for (const s of sockets) s.destroy(); },
    open: () => sockets.size,
    reopened: () => reopened,
  };
}

//! A raw request on its own socket, written while the answer is read: resolves with the status
//! line's code (0: no answer) once seamd closes or answers.
export function rawExchange(port, chunks, timeoutMs = 15000) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      sock.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      let code = '';
      const at = got.indexOf('\r\n\r\n');
      try { code = JSON.parse(got.slice(at + 4)).error.code; } catch { /* none */ }
      resolve({ status: m ? Number(m[1]) : 0, code });
    };
    const timer = setTimeout(done, timeoutMs);
    sock.on('data', (d) => {
      got += d;
      if (/\r\n\r\n/.test(got) && /Content-Length: (\d+)/i.test(got)) {
        const len = Number(/Content-Length: (\d+)/i.exec(got)[1]);
        if (got.length - got.indexOf('\r\n\r\n') - 4 >= len) done();
      }
    });
    sock.on('error', () => {});
    sock.on('close', done);
    sock.on('connect', async () => {
      for await (const chunk of chunks()) {
        if (sock.destroyed) break;
        if (!sock.write(chunk)) await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
      }
    });
  });
}

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
