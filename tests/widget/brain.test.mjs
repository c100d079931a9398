// tests/widget/brain.test.mjs — the widget's local brain (web/widget/brain.cpp) under node:
// build/wasm/seam_widget_node.js with build/web/widget/bundle.json. Conversations through the
// JS contract the widget UI uses, validate(), refusals, and PARITY: the intents the widget's small
// model picks for the first customer message of conversation tests vs the native CLI's full model.
// Prints "SEAM-RESULT passed=N failed=M" (scripts/test's convention); exit 1 on any failure.
//
//   node --no-experimental-fetch tests/widget/brain.test.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const TODAY = '2026-11-22';
const PARITY_MIN = 0.9;  // share of confident native decisions the widget must agree with

let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed += 1;
    console.log(`ok    ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL  ${name}\n      ${e && e.message ? e.message : e}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
const says = (turn) => turn.effects.filter((e) => e.type === 'say').map((e) => e.text);
const show = (turn) => JSON.stringify({ intent: turn.intent, effects: turn.effects });

const createSeamWidget = require(path.join(ROOT, 'build/wasm/seam_widget_node.js'));
const core = await createSeamWidget();
const bundleText = fs.readFileSync(path.join(ROOT, 'build/web/widget/bundle.json'), 'utf8');
const brain = core.Brain.load(bundleText, TODAY);
if (!brain) {
  console.log(`FAIL  Brain.load: ${core.lastError()}`);
  console.log('SEAM-RESULT passed=0 failed=1');
  process.exit(1);
}
const customer = JSON.stringify({ first_name: 'Ana', verified: true });
const fresh = (locale = 'en') => brain.newState('c_widget_test', locale, customer);
const message = (state, text) => JSON.parse(brain.message(typeof state === 'string' ? state : JSON.stringify(state), text));
const choose = (state, value) => JSON.parse(brain.choose(JSON.stringify(state), value));
const actionResult = (state, outcome, result) =>
  JSON.parse(brain.actionResult(JSON.stringify(state), outcome, JSON.stringify(result)));

check('newState gives a state with the locale, the customer and today', () => {
  const s = JSON.parse(fresh('es'));
  assert(s.locale === 'es', `locale ${s.locale}`);
  assert(s.customer && s.customer.first_name === 'Ana', JSON.stringify(s.customer));
  assert(s.context && s.context.today === TODAY, JSON.stringify(s.context));
});

check('a greeting is recognised and answered', () => {
  const t = message(fresh(), 'hello!');
  assert(t.intent === 'greeting', show(t));
  assert(says(t).length > 0, show(t));
  assert(typeof t.confidence === 'number' && t.confidence > 0, `confidence ${t.confidence}`);
});

// The order-status conversation, turn by turn.
let order;
check('"where is my order" lists a signed-in customer\'s orders, then asks for the number', () => {
  order = message(fresh(), 'where is my order');
  assert(order.intent === 'order_status', show(order));
  const list = order.effects.find((e) => e.type === 'action');
  assert(list && list.name === 'list_orders' && list.params.purpose === 'track', show(order));
  order = actionResult(order.state, 'none', { orders: [], count: 0 });
  assert(says(order).some((s) => /LW-104233/.test(s) && /order/i.test(s)), show(order));
});
check('an invalid order number gets the validator\'s message', () => {
  const expected = JSON.parse(brain.validate('order_number', '12', 'en'));
  assert(!expected.ok && expected.error, JSON.stringify(expected));
  order = message(order.state, '12');
  assert(says(order).some((s) => s.includes(expected.error)), `${show(order)} lacks "${expected.error}"`);
  assert(!order.effects.some((e) => e.type === 'action'), show(order));
});
check('a valid order number yields lookup_order with the normalised number', () => {
  order = message(order.state, 'it is lw 104233');
  const action = order.effects.find((e) => e.type === 'action');
  assert(action && action.name === 'lookup_order', show(order));
  assert(action.params.order_number === 'LW-104233', JSON.stringify(action.params));
});
check('actionResult ok renders the carrier', () => {
  order = actionResult(order.state, 'ok', {
    shipped: true, carrier: 'UPS', status: 'in transit', eta: 'Nov 25',
    tracking_url: 'https://track.example/1Z999',
  });
  assert(says(order).some((s) => s.includes('UPS') && s.includes('LW-104233')), show(order));
  // The answer comes first; then the flow asks for an accessory to mention (issue 18).
  const accessory = order.effects.find((e) => e.type === 'action');
  assert(accessory && accessory.name === 'recommend' && accessory.params.context === 'accessory', show(order));
});
check('an accessory is one line after the answer, then "anything else?"', () => {
  order = actionResult(order.state, 'ok', {
    rec: 'REC-000001', name: 'Wool Boot Sock', price: '25.00 USD',
    url: 'https://larchwood.example/p/SCK-113?rec=REC-000001',
  });
  assert(says(order).some((s) => s.includes('Wool Boot Sock') && s.includes('?rec=REC-000001')), show(order));
  assert(order.effects.some((e) => e.type === 'replies'), show(order));
});
check('choosing "no" then rating ends the conversation', () => {
  order = choose(order.state, 'no');
  assert(says(order).length > 0, show(order));
  order = choose(order.state, '5');
  assert(order.effects.some((e) => e.type === 'end' && e.outcome === 'resolved'), show(order));
});

check('a knowledge question is answered from the help centre', () => {
  const t = message(fresh(), 'what is your return policy?');
  const text = says(t).join('\n');
  assert(/return/i.test(text) && /\(\/help\//.test(text), show(t));
});
check('"talk to a person" reaches a handoff', () => {
  let t = message(fresh(), 'talk to a person');
  assert(t.intent === 'talk_to_human', show(t));
  const replies = t.effects.find((e) => e.type === 'replies');
  assert(replies && replies.options.some((o) => o.value === 'returns'), show(t));
  t = choose(t.state, 'returns');
  const handoff = t.effects.find((e) => e.type === 'handoff');
  assert(handoff && handoff.queue === 'returns' && handoff.reason === 'customer_request', show(t));
});
check('Spanish works', () => {
  let t = message(fresh('es'), '¿dónde está mi pedido?');
  assert(t.intent === 'order_status', show(t));
  t = actionResult(t.state, 'none', { orders: [], count: 0 });
  assert(says(t).some((s) => /pedido/.test(s)), show(t));
  const next = message(t.state, 'LW-104233');
  const action = next.effects.find((e) => e.type === 'action');
  assert(action && action.params.order_number === 'LW-104233', show(next));
});
check('validate() accepts and normalises, refuses with a message in the locale', () => {
  const ok = JSON.parse(brain.validate('email', ' Ana@Example.COM ', 'en'));
  assert(ok.ok === true && typeof ok.value === 'string' && ok.value.includes('@'), JSON.stringify(ok));
  const order_ok = JSON.parse(brain.validate('order_number', 'lw104233', 'en'));
  assert(order_ok.ok && order_ok.value === 'LW-104233', JSON.stringify(order_ok));
  const en = JSON.parse(brain.validate('email', 'not an email', 'en'));
  const es = JSON.parse(brain.validate('email', 'not an email', 'es'));
  assert(en.ok === false && en.value === null && en.error, JSON.stringify(en));
  assert(es.ok === false && es.error && es.error !== en.error, JSON.stringify(es));
  const date = JSON.parse(brain.validate('date', 'tomorrow', 'en'));
  assert(date.ok && date.value === '2026-11-23', JSON.stringify(date));
});
check('bad input is refused with a reason, never a crash', () => {
  assert(core.Brain.load('{}', TODAY) === null, 'loaded {}');
  assert(/seam\.bundle/.test(core.lastError()), core.lastError());
  assert(core.Brain.load(bundleText, 'someday') === null, 'loaded with a bad date');
  const t = JSON.parse(brain.message('not json', 'hi'));
  assert(t.error && t.effects.length === 0, JSON.stringify(t));
  const stray = JSON.parse(brain.actionResult(fresh(), 'ok', '{}'));
  assert(stray.error && stray.state && stray.effects.length === 0, JSON.stringify(stray));
});

// PARITY: first customer line of each conversation test (those the customer opens), widget model
// vs native full model.
check('parity with the native CLI\'s full model on conversation-test messages', () => {
  const files = [];
  const walk = (d) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.conv')) files.push(p);
    }
  };
  walk(path.join(ROOT, 'tests/conversations'));
  const cases = [];
  for (const f of files) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    const locale = (lines.find((l) => l.startsWith('locale ')) || 'locale en').slice(7).trim();
    // A conversation Seam opened itself ("open FLOW", a proactive message) has no first request.
    const opener = lines.find((l) => l.startsWith('> ') || l.startsWith('choose ') || l.startsWith('open '));
    const first = lines.find((l) => l.startsWith('> '));
    if (first && !(opener && opener.startsWith('open '))) cases.push({ text: first.slice(2).trim(), locale });
  }
  const native = path.join(ROOT, 'build/bin/seam');
  const seam = fs.existsSync(native)
    ? (args, input) => spawnSync(native, args, { cwd: ROOT, encoding: 'utf8', input })
    : (args, input) => spawnSync('node', ['--no-experimental-fetch', path.join(ROOT, 'build/wasm/seam.js'), ...args],
      { cwd: ROOT, encoding: 'utf8', input });
  const model = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seam-widget-')), 'full.model');
  const trained = seam(['train', 'assets/nlu/en.jsonl', 'assets/nlu/es.jsonl', '-o', model]);
  assert(trained.status === 0, `seam train: ${trained.stderr}`);
  const predicted = seam(['predict', model], cases.map((c) => c.text).join('\n') + '\n');
  assert(predicted.status === 0, `seam predict: ${predicted.stderr}`);
  const full = predicted.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert(full.length === cases.length, `${full.length} predictions for ${cases.length} messages`);
  let agree = 0;
  let confident = 0;
  let confidentAgree = 0;
  const disagreements = [];
  cases.forEach((c, i) => {
    const w = message(fresh(c.locale), c.text).intent;
    const n = full[i];
    const sure = n.intent !== 'oos' && !n.ambiguous && n.ranked.length > 0 && n.ranked[0].confidence >= 0.5;
    if (w === n.intent) agree += 1;
    if (sure) {
      confident += 1;
      if (w === n.intent) confidentAgree += 1;
    }
    if (w !== n.intent) disagreements.push(`${JSON.stringify(c.text)}: widget ${w}, native ${n.intent}${sure ? ' (confident)' : ''}`);
  });
  const rate = confident ? confidentAgree / confident : 1;
  console.log(`      parity: ${agree}/${cases.length} messages agree; ` +
    `${confidentAgree}/${confident} (${(100 * rate).toFixed(1)}%) where the native model is confident`);
  for (const d of disagreements) console.log(`      differs: ${d}`);
  assert(cases.length >= 30, `only ${cases.length} conversation messages`);
  assert(rate >= PARITY_MIN, `agreement ${rate.toFixed(3)} < ${PARITY_MIN}`);
});

// The bundle the wasm tree wrote (node build of `seam bundle`) is byte for byte the native one.
check('bundle.json is the same when written by the native CLI', () => {
  const native = path.join(ROOT, 'build/bin/seam');
  if (!fs.existsSync(native)) {
    console.log('      skipped: no native build (build/bin/seam)');
    return;
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seam-widget-')), 'bundle.json');
  const r = spawnSync(native, ['bundle', 'assets', '-o', out], { cwd: ROOT, encoding: 'utf8' });
  assert(r.status === 0, `seam bundle: ${r.stderr}`);
  assert(fs.readFileSync(out, 'utf8') === bundleText, 'native and wasm bundles differ');
});

brain.delete();
console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
