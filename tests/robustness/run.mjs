// tests/robustness/run.mjs — the robustness suite (issue 17, point 9): seamd as a process, under
// the abuse that stopped it answering and killed at random moments.
//
//   node tests/robustness/run.mjs        (SEAM_BIN_DIR=build/sanitize/bin for the sanitizer build)
//
// Each scenario is one check; the last line is "SEAM-RESULT passed=N failed=M" (scripts/test).
//   - waiting clients: long polls, idle keep-alive sockets and slowloris senders, far more than
//     the threads seamd keeps ready, all at once: /healthz and a conversation turn still answer
//   - hostile bodies and heads in flight: a huge chunked body (413), JSON nested 10,000 deep
//     (400), 500,000 headers (431): each refused, and /healthz answers meanwhile
//   - a second seamd on the same port exits non-zero with a clear message
//   - kill -9 durability: a few cycles of turns under load, SIGKILL at a random moment, restart:
//     every turn that got a 2xx answer is in its case's transcript
// "Still answers" allows 5 s per probe: a bound on hanging, not a speed target (the figures are
// scripts/bench-backend --abuse's).
import fs from 'node:fs';
import {
  idleSockets, longPolls, openSessions, probe, rawExchange, request, seamdThatExits, sleep,
  slowloris, startSeamd, stopSeamd, tempDir,
} from './abuse.mjs';

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok    ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL  ${name}\n      ${String((err && err.stack) || err).split('\n').join('\n      ')}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function answers(base, what) {
  const r = await probe(base, 5000);
  expect(r.ok && r.status === 200, `/healthz did not answer ${what} (${r.status || 'no answer'})`);
}

// Small on purpose: the sanitizer build is slow, and "more than the threads kept ready" is what
// used to stop seamd (32 of them).
const THREADS = 8;
const data = tempDir('seam-robust-');
const seamd = await startSeamd({ data, args: ['--threads', String(THREADS), '--request-timeout', '3'] });
const { base, port } = seamd;

await check('long polls, idle sockets and slowloris (x10 the threads kept ready): seamd answers', async () => {
  const sessions = await openSessions(base, 40);
  const polls = longPolls(base, sessions.slice(1));
  const idle = idleSockets(port, 40);
  const slow = slowloris(port, 20, 500);
  try {
    await sleep(1000);
    expect(idle.open() > 30 && slow.open() > 15, `held ${idle.open()} idle, ${slow.open()} slow`);
    for (let i = 0; i < 3; i++) { await answers(base, 'with waiting clients'); await sleep(200); }
    const turn = await request(base, 'POST', `/v1/cases/${sessions[0].id}/turns`,
      { body: { text: 'where is my order?' }, token: sessions[0].token });
    expect(turn.ok && turn.status === 200, `a turn got ${turn.status || 'no answer'}`);
    expect(polls.answered() === 0, 'a long poll returned before its wait was over');
    await sleep(3500);  // past --request-timeout: the slow ones are cut and come back
    expect(slow.reopened() > 0, 'no slowloris connection was closed at the request deadline');
    await answers(base, 'after the slowloris round');
  } finally {
    polls.stop(); idle.stop(); slow.stop();
  }
});

async function* chunkedHuge() {
  yield 'POST /v1/sessions HTTP/1.1\r\nHost: seam\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: chunked\r\n\r\n';
  const piece = Buffer.alloc(64 * 1024, 'x').toString();
  yield `${(piece.length + 12).toString(16)}\r\n{"locale": "${piece}\r\n`;
  for (let i = 0; i < 48 * 16; i++) yield `${piece.length.toString(16)}\r\n${piece}\r\n`;
  yield '0\r\n\r\n';
}
async function* deepJson() {
  const body = `{"locale": ${'['.repeat(10000)}${']'.repeat(10000)}}`;
  yield `POST /v1/sessions HTTP/1.1\r\nHost: seam\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  yield body;
}
async function* manyHeaders() {
  yield 'GET /healthz HTTP/1.1\r\nHost: seam\r\n';
  const block = 'X-A: b\r\n'.repeat(10000);
  for (let i = 0; i < 50; i++) yield block;
  yield '\r\n';
}

for (const [name, chunks, status] of [
  ['a 48 MB chunked body gets 413', chunkedHuge, 413],
  ['JSON nested 10,000 deep gets 400', deepJson, 400],
  ['500,000 headers get 431', manyHeaders, 431],
]) {
  await check(`${name}, and seamd answers meanwhile`, async () => {
    const pending = [0, 1, 2, 3].map(() => rawExchange(port, chunks));
    await answers(base, 'while they were sent');
    const got = await Promise.all(pending);
    for (const g of got) expect(g.status === status, `got ${g.status} (${g.code}), not ${status}`);
    await answers(base, 'after them');
  });
}

await check('a second seamd on the same port exits non-zero with a clear message', async () => {
  const other = tempDir('seam-robust-second-');
  try {
    const second = await seamdThatExits({ port, data: other });
    expect(second.code !== null, `the second seamd kept running: ${second.output}`);
    expect(second.code !== 0, `the second seamd exited with 0: ${second.output}`);
    expect(/already in use/.test(second.output), `no clear message: ${second.output}`);
    await answers(base, 'after the second seamd gave up');
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});

await stopSeamd(seamd);
fs.rmSync(data, { recursive: true, force: true });

// [SECTION] kill -9 durability
const CYCLES = 3;
const killData = tempDir('seam-robust-kill-');
const acknowledged = new Map();  // case id -> [texts answered 2xx]
let sessions = [];
let killPort = 0;
for (let cycle = 1; cycle <= CYCLES; cycle++) {
  await check(`kill -9 durability, cycle ${cycle}/${CYCLES}: no acknowledged turn lost`, async () => {
    let server = await startSeamd({ port: killPort || undefined, data: killData, args: ['--threads', String(THREADS)] });
    killPort = server.port;
    if (!sessions.length) sessions = await openSessions(server.base, 8);
    let writing = true;
    let sent = 0;
    const writer = async (s, w) => {
      for (let n = 0; writing; n++) {
        const text = `where is my order? c${cycle} w${w} n${n}`;
        sent++;
        const r = await request(server.base, 'POST', `/v1/cases/${s.id}/turns`,
          { body: { text, client_id: `c${cycle}-w${w}-n${n}` }, token: s.token, timeoutMs: 10000 });
        if (r.ok && r.status >= 200 && r.status < 300) {
          if (!acknowledged.has(s.id)) acknowledged.set(s.id, []);
          acknowledged.get(s.id).push(text);
        } else if (!r.ok) {
          return;  // the server is gone
        }
      }
    };
    const writers = sessions.map((s, w) => writer(s, w));
    await sleep(300 + Math.floor(Math.random() * 1500));
    server.child.kill('SIGKILL');
    await new Promise((r) => (server.child.exitCode !== null || server.child.signalCode ? r() : server.child.once('exit', r)));
    writing = false;
    await Promise.all(writers);
    server = await startSeamd({ port: killPort, data: killData, args: ['--threads', String(THREADS)] });
    try {
      let lost = 0;
      let total = 0;
      for (const s of sessions) {
        const r = await request(server.base, 'GET', `/v1/cases/${s.id}/messages?after=0`, { token: s.token, timeoutMs: 10000 });
        expect(r.status === 200, `messages of ${s.id}: ${r.status}`);
        const said = new Set(r.body.messages.filter((m) => m.sender === 'customer').map((m) => m.text));
        for (const text of acknowledged.get(s.id) || []) {
          total++;
          if (!said.has(text)) { lost++; if (lost < 5) console.log(`      lost: ${s.id} "${text}"`); }
        }
      }
      console.log(`      ${sent} turns sent, ${total} acknowledged so far, ${lost} lost`);
      expect(total > 0, 'no turn was acknowledged before the kill');
      expect(lost === 0, `${lost} acknowledged turns lost`);
    } finally {
      await stopSeamd(server);
    }
  });
}
fs.rmSync(killData, { recursive: true, force: true });

console.log(`${passed} passed, ${failed} failed`);
console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
