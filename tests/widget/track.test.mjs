// tests/widget/track.test.mjs — the widget's page events (web/static/widget/track.js) under node:
// its copy of the rules against every row of tests/track/page_events.json (the rows seamd's rules
// pass in tests/unit/track/), and the queue: kept until the conversation exists, sent oldest
// first, put back on a network failure, dropped when refused, at most 20, one sender per event
// across tabs. Prints "SEAM-RESULT passed=N failed=M"; exit 1 on any failure.
//
//   node tests/widget/track.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { checkPageEvent, PageEvents } = await import(path.join(ROOT, 'web/static/widget/track.js'));

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok    ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL  ${name}\n      ${e && e.message ? e.message : e}`);
  }
}

const rows = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/track/page_events.json'), 'utf8')).rows;
for (const row of rows) {
  await check(`rules: ${row.name}`, () => {
    const problem = checkPageEvent(row.event.name, row.event.props);
    if (row.name.startsWith('y_')) assert.equal(problem, null);
    else assert.ok(typeof problem === 'string' && problem.length > 10, `accepted: ${JSON.stringify(row.event)}`);
  });
}

// The frame's Store over one shared record, as two tabs of the same site see it.
function sharedStorage() {
  let record = {};
  return () => ({
    data: {},
    reload() { this.data = { ...record }; },
    get(k) { return this.data[k]; },
    set(patch) { record = { ...record, ...patch }; this.data = { ...record }; },
  });
}
const quiet = (fn) => async () => {
  const warn = console.warn;
  console.warn = () => {};
  try { await fn(); } finally { console.warn = warn; }
};

await check('queue: kept until the conversation exists, then sent oldest first', async () => {
  const store = sharedStorage()();
  const sent = [];
  let ready = false;
  const events = new PageEvents(store, async (e) => { sent.push(e.name); }, () => ready);
  events.add('viewed_product', { sku: 'A1' });
  events.add('add_to_bag', { sku: 'A1', size: 'M' });
  await events.flush();
  assert.deepEqual(sent, []);
  assert.equal(store.get('pageEvents').length, 2);
  ready = true;
  await events.flush();
  assert.deepEqual(sent, ['viewed_product', 'add_to_bag']);
  assert.deepEqual(store.get('pageEvents'), []);
});

await check('queue: a network failure keeps the event for the next flush', async () => {
  const store = sharedStorage()();
  const sent = [];
  let online = false;
  const events = new PageEvents(store, async (e) => {
    if (!online) throw new TypeError('Failed to fetch');
    sent.push(e.name);
  }, () => true);
  events.add('a');
  await events.flush();
  events.add('b');
  await events.flush();
  assert.deepEqual(store.get('pageEvents').map((e) => e.name), ['a', 'b']);
  online = true;
  await events.flush();
  assert.deepEqual(sent, ['a', 'b']);
});

await check('queue: a refused event (422) is dropped, a busy server (503) is retried', quiet(async () => {
  const store = sharedStorage()();
  const sent = [];
  let busy = true;
  const events = new PageEvents(store, async (e) => {
    if (e.name === 'refused') throw Object.assign(new Error('seam.track.bad_props'), { status: 422 });
    if (busy) throw Object.assign(new Error('seam.store.busy'), { status: 503 });
    sent.push(e.name);
  }, () => true);
  store.set({ pageEvents: [{ name: 'refused', props: null }, { name: 'kept', props: null }] });
  await events.flush();
  assert.deepEqual(store.get('pageEvents').map((e) => e.name), ['kept']);
  busy = false;
  await events.flush();
  assert.deepEqual(sent, ['kept']);
}));

await check('queue: an event that breaks the rules is not queued; at most 20 are kept', quiet(async () => {
  const store = sharedStorage()();
  const events = new PageEvents(store, async () => { throw new TypeError('offline'); }, () => false);
  events.add('add to bag', {});
  events.add('x', { nested: { a: 1 } });
  assert.equal((store.get('pageEvents') || []).length, 0);
  for (let i = 0; i < 25; i += 1) events.add('step', { n: i });
  const kept = store.get('pageEvents');
  assert.equal(kept.length, 20);
  assert.equal(kept[0].props.n, 5);
  assert.equal(kept[19].props.n, 24);
}));

await check('queue: two tabs flushing at once send each event once', async () => {
  const tab = sharedStorage();
  const a = tab();
  const b = tab();
  const sent = [];
  const post = async (e) => { await new Promise((r) => setTimeout(r, 1)); sent.push(e.props.n); };
  const one = new PageEvents(a, post, () => true);
  const two = new PageEvents(b, post, () => true);
  a.set({ pageEvents: Array.from({ length: 10 }, (_, n) => ({ name: 'step', props: { n } })) });
  await Promise.all([one.flush(), two.flush()]);
  assert.deepEqual([...sent].sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed ? 1 : 0);
