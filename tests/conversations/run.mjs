// tests/conversations/run.mjs — the conversation suite, natively and in WebAssembly: both must pass
// with the same transcript digest, and every handoff payload must validate against
// assets/schema/handoff.schema.json and carry every slot the customer gave.
// Prints "SEAM-RESULT passed=N failed=M" (N, M count conversations, per target, plus the checks).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin');
const OUT = path.join(ROOT, 'build/test-artifacts');
mkdirSync(OUT, { recursive: true });
let passed = 0;
let failed = 0;
const results = {};
for (const target of ['native', 'wasm']) {
  const args = ['test', 'tests/conversations', '--junit', path.join(OUT, `conversations-${target}.xml`),
    '--handoffs', path.join(OUT, `handoffs-${target}.jsonl`)];
  const r = target === 'native'
    ? spawnSync(path.join(BIN, 'seam'), args, { cwd: ROOT, encoding: 'utf8' })
    : spawnSync('node', ['--no-experimental-fetch', path.join(ROOT, 'build/wasm/seam.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  process.stdout.write(`== ${target}\n${r.stdout}${r.stderr}`);
  const m = /(\d+) passed, (\d+) failed\s*$/.exec(r.stdout);
  const digest = /transcript digest ([0-9a-f]+)/.exec(r.stdout);
  results[target] = { digest: digest && digest[1] };
  if (!m) { failed += 1; continue; }
  passed += Number(m[1]);
  failed += Number(m[2]) + (r.status === 0 ? 0 : Number(m[2]) === 0 ? 1 : 0);
}
const check = (ok, name, detail = '') => {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'ok   ' : 'FAIL '} ${name}${detail ? `: ${detail}` : ''}`);
};
check(results.native.digest && results.native.digest === results.wasm.digest,
  'native and WASM transcripts are identical', `${results.native.digest} vs ${results.wasm.digest}`);

const validate = new Ajv({ allErrors: true, strict: false })
  .compile(JSON.parse(readFileSync(path.join(ROOT, 'assets/schema/handoff.schema.json'), 'utf8')));
const rows = readFileSync(path.join(OUT, 'handoffs-native.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
check(rows.length > 0, 'the suite produces handoffs', `${rows.length}`);
for (const { file, payload } of rows) {
  check(validate(payload), `handoff from ${path.basename(file)} validates against the schema`,
    validate.errors ? JSON.stringify(validate.errors) : '');
  // Every answer the customer gave before the handoff is in the payload's slots: each
  // "choose VALUE" of the script (quick replies fill slots) and each "slot NAME VALUE" assertion.
  const script = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const values = new Set(payload.slots.map((x) => JSON.stringify(x.value)));
  const names = new Set(payload.slots.map((x) => x.slot));
  const missing = [];
  for (const line of script) {
    const choose = /^choose (\S+)$/.exec(line.trim());
    // The last choice routes the handoff itself (a queue), it fills no flow slot when it is the
    // talk-to-a-person topic; it is in the payload's slots too, as "topic".
    if (choose && !values.has(JSON.stringify(choose[1]))) missing.push(`choice ${choose[1]}`);
    const slot = /^slot (\S+) (.+)$/.exec(line.trim());
    if (slot && !names.has(slot[1])) missing.push(`slot ${slot[1]}`);
  }
  check(missing.length === 0 && payload.transcript.some((t) => t.from === 'customer'),
    `handoff from ${path.basename(file)} carries the transcript and every answer given`, missing.join(', '));
}
// No card number ever reaches a stored payload (the card test types one into a form): no text
// in any payload holds 13-19 digits that pass the Luhn check.
const strings = (v) => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
const luhn = (digits) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
};
const holdsCard = (text) => (text.match(/\d(?:[ -]?\d){12,18}/g) || []).some((m) => luhn(m.replace(/\D/g, '')));
const cards = rows.filter(({ payload }) => strings(payload).some(holdsCard));
check(cards.length === 0, 'no handoff payload holds a card number', cards.map((c) => c.file).join(', '));
check(holdsCard('my card is 4111 1111 1111 1111'), 'the card detector itself detects a card');
console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
