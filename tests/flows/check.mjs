// tests/flows/check.mjs — `seam check` as data: the demo flows pass, and every broken flow under
// tests/flows/broken/ fails with exactly the lines in its .expected file. The same for proactive
// triggers (issue 18): tests/proactive/broken/ against their .expected files (with the fixture
// flows of tests/proactive/flows/), tests/proactive/good/ passes, the shipped assets/proactive/
// pass once every flow they open exists (skipped with a note until then), and so does the
// proactive policy. Saved replies (issue 19): assets/replies/ pass and are valid against
// assets/schema/reply.schema.json, and every broken reply under tests/content/broken/ fails with
// exactly its .expected lines (and is refused by the schema too, for problems a schema can see).
// Connectors (issue 21): assets/connectors/*.json (one per action), the http examples of
// assets/connectors/examples/ and the demo shop set of assets/connectors/demo-shop/ (one http
// connector per action) pass and are valid against assets/schema/connector.schema.json;
// every broken connector under tests/connectors/broken/ fails with exactly its .expected lines.
// Runs the native CLI and its WebAssembly build (node) and requires both to agree. Prints
// "SEAM-RESULT passed=N failed=M".
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin');
const targets = {
  native: (args, cwd) => spawnSync(path.join(BIN, 'seam'), args, { cwd, encoding: 'utf8' }),
  wasm: (args, cwd) => spawnSync('node', ['--no-experimental-fetch', path.join(ROOT, 'build/wasm/seam.js'), ...args],
    { cwd, encoding: 'utf8' }),
};
let passed = 0;
let failed = 0;
const report = (ok, name, detail = '') => {
  if (ok) passed += 1; else failed += 1;
  console.log(`${ok ? 'ok   ' : 'FAIL '} ${name}${detail ? `\n      ${detail.split('\n').join('\n      ')}` : ''}`);
};

const flowsDir = path.join(ROOT, 'assets/flows');
const flows = readdirSync(flowsDir).filter((f) => f.endsWith('.json') && f !== 'actions.json').sort();
for (const [target, run] of Object.entries(targets)) {
  const r = run(['check', ...flows], flowsDir);
  report(r.status === 0 && r.stdout === '', `${target}: seam check assets/flows/*.json (${flows.length} flows)`,
    r.status === 0 ? '' : `${r.stdout}${r.stderr}`);
}

// The JSON Schema (for editors and other tools) agrees with the C++ checker: every demo flow is
// valid, and every broken flow the checker rejects for its schema is rejected by the schema too.
const schema = JSON.parse(readFileSync(path.join(ROOT, 'assets/schema/flow.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
for (const file of flows) {
  const ok = validate(JSON.parse(readFileSync(path.join(flowsDir, file), 'utf8')));
  report(ok, `schema: ${file} is valid`, ok ? '' : JSON.stringify(validate.errors, null, 1));
}

const brokenDir = path.join(ROOT, 'tests/flows/broken');
const actions = path.join(ROOT, 'assets/flows/actions.json');
for (const file of readdirSync(brokenDir).filter((f) => f.endsWith('.json')).sort()) {
  const expected = readFileSync(path.join(brokenDir, file.replace(/\.json$/, '.expected')), 'utf8');
  for (const [target, run] of Object.entries(targets)) {
    const r = run(['check', '--actions', actions, file], brokenDir);
    const ok = r.status === 1 && r.stdout === expected && expected.trim() !== '';
    report(ok, `${target}: ${file} fails as expected`,
      ok ? '' : `exit ${r.status}\n--- expected\n${expected}--- actual\n${r.stdout}${r.stderr}`);
  }
  if (/\[seam\.flow\.(schema|bad_condition)\]/.test(expected)) {
    const doc = JSON.parse(readFileSync(path.join(brokenDir, file), 'utf8'));
    report(!validate(doc), `schema: ${file} is invalid too`);
  }
}
// [Proactive triggers] The trigger schema (draft 2020-12) agrees with the C++ checker too, for
// the problems a schema can see (everything but unknown flows, facts in templates and fact types).
const triggerSchema = JSON.parse(readFileSync(path.join(ROOT, 'assets/schema/proactive-trigger.schema.json'), 'utf8'));
const validateTrigger = new Ajv2020({ allErrors: true, strict: false }).compile(triggerSchema);
const schemaSees = (line) => {
  const m = /#(\S*): \[seam\.proactive\.([a-z_]+)\]/.exec(line);
  if (!m) return false;
  const [, pointer, id] = m;
  if (['schema', 'unknown_event', 'unknown_schedule', 'bad_op', 'channel', 'missing_locale', 'schedule_time'].includes(id)) return true;
  return id === 'unknown_fact' && (pointer === '/object' || pointer.endsWith('/fact'));
};
const jsonFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

const triggerBroken = path.join(ROOT, 'tests/proactive/broken');
for (const file of jsonFiles(triggerBroken)) {
  const expected = readFileSync(path.join(triggerBroken, file.replace(/\.json$/, '.expected')), 'utf8');
  for (const [target, run] of Object.entries(targets)) {
    // Default flows directory: ../flows beside the trigger, i.e. tests/proactive/flows.
    const r = run(['check', '--triggers', file], triggerBroken);
    const ok = r.status === 1 && r.stdout === expected && expected.trim() !== '';
    report(ok, `${target}: trigger ${file} fails as expected`,
      ok ? '' : `exit ${r.status}\n--- expected\n${expected}--- actual\n${r.stdout}${r.stderr}`);
  }
  if (expected.split('\n').some(schemaSees)) {
    let doc;
    try { doc = JSON.parse(readFileSync(path.join(triggerBroken, file), 'utf8')); } catch { doc = undefined; }
    if (doc !== undefined) report(!validateTrigger(doc), `schema: trigger ${file} is invalid too`);
  }
}

const triggerGood = path.join(ROOT, 'tests/proactive/good');
const goodFiles = jsonFiles(triggerGood);
for (const [target, run] of Object.entries(targets)) {
  const r = run(['check', '--flows', '../flows', '--triggers', ...goodFiles], triggerGood);
  report(r.status === 0 && r.stdout === '', `${target}: seam check tests/proactive/good/*.json (${goodFiles.length} triggers)`,
    r.status === 0 ? '' : `${r.stdout}${r.stderr}`);
}
for (const file of goodFiles) {
  const ok = validateTrigger(JSON.parse(readFileSync(path.join(triggerGood, file), 'utf8')));
  report(ok, `schema: trigger ${file} is valid`, ok ? '' : JSON.stringify(validateTrigger.errors, null, 1));
}

// The shipped triggers: always valid against the schema; `seam check` on them only once every
// flow they open is in assets/flows (some are being written alongside; a missing one is not a
// failure of this suite, it is a note).
const shippedDir = path.join(ROOT, 'assets/proactive');
const shipped = jsonFiles(shippedDir);
const flowIds = new Set(flows.map((f) => JSON.parse(readFileSync(path.join(flowsDir, f), 'utf8')).flow));
const missingFlows = new Set();
for (const file of shipped) {
  const doc = JSON.parse(readFileSync(path.join(shippedDir, file), 'utf8'));
  const ok = validateTrigger(doc);
  report(ok, `schema: assets/proactive/${file} is valid`, ok ? '' : JSON.stringify(validateTrigger.errors, null, 1));
  if (!flowIds.has(doc?.opens?.flow)) missingFlows.add(doc?.opens?.flow);
}
const shippedPaths = shipped.map((f) => `assets/proactive/${f}`);
if (missingFlows.size > 0) {
  console.log(`skip  seam check assets/proactive/*.json: they open flows not in assets/flows yet (${[...missingFlows].sort().join(', ')})`);
} else {
  for (const [target, run] of Object.entries(targets)) {
    const r = run(['check', ...shippedPaths], ROOT);
    report(r.status === 0 && r.stdout === '', `${target}: seam check assets/proactive/*.json (${shipped.length} triggers)`,
      r.status === 0 ? '' : `${r.stdout}${r.stderr}`);
  }
}
for (const [target, run] of Object.entries(targets)) {
  const r = run(['check', 'assets/policy/proactive.json'], ROOT);
  report(r.status === 0 && r.stdout === '', `${target}: seam check assets/policy/proactive.json`,
    r.status === 0 ? '' : `${r.stdout}${r.stderr}`);
}

// [Saved replies] The shipped replies pass `seam check` (a file in a directory named replies is a
// reply) and the schema; each broken reply fails with its .expected lines.
const replySchema = JSON.parse(readFileSync(path.join(ROOT, 'assets/schema/reply.schema.json'), 'utf8'));
const validateReply = new Ajv2020({ allErrors: true, strict: false }).compile(replySchema);
const repliesDir = path.join(ROOT, 'assets/replies');
const replies = jsonFiles(repliesDir);
for (const [target, run] of Object.entries(targets)) {
  const r = run(['check', ...replies.map((f) => `assets/replies/${f}`)], ROOT);
  report(r.status === 0 && r.stdout === '' && replies.length > 0,
    `${target}: seam check assets/replies/*.json (${replies.length} replies)`,
    r.status === 0 ? '' : `${r.stdout}${r.stderr}`);
}
for (const file of replies) {
  const ok = validateReply(JSON.parse(readFileSync(path.join(repliesDir, file), 'utf8')));
  report(ok, `schema: assets/replies/${file} is valid`, ok ? '' : JSON.stringify(validateReply.errors, null, 1));
}
const replyBroken = path.join(ROOT, 'tests/content/broken');
for (const file of jsonFiles(replyBroken)) {
  const expected = readFileSync(path.join(replyBroken, file.replace(/\.json$/, '.expected')), 'utf8');
  for (const [target, run] of Object.entries(targets)) {
    const r = run(['check', '--replies', file], replyBroken);
    const ok = r.status === 1 && r.stdout === expected && expected.trim() !== '';
    report(ok, `${target}: reply ${file} fails as expected`,
      ok ? '' : `exit ${r.status}\n--- expected\n${expected}--- actual\n${r.stdout}${r.stderr}`);
  }
  // A schema sees every seam.reply.* problem; the file's name (seam.content.id_mismatch) it cannot.
  if (/\[seam\.reply\./.test(expected)) {
    let doc;
    try { doc = JSON.parse(readFileSync(path.join(replyBroken, file), 'utf8')); } catch { doc = undefined; }
    if (doc !== undefined) report(!validateReply(doc), `schema: reply ${file} is invalid too`);
  } else {
    report(validateReply(JSON.parse(readFileSync(path.join(replyBroken, file), 'utf8'))),
      `schema: reply ${file} is valid (only its file's name is wrong)`);
  }
}

// [Connectors] The shipped set (a file in a directory named connectors is a connector; its
// secrets.json is the secret names), the http examples (checked as their own set: they connect
// the same actions), the schema on both, and each broken fixture with its .expected lines.
const connectorSchema = JSON.parse(readFileSync(path.join(ROOT, 'assets/schema/connector.schema.json'), 'utf8'));
const validateConnector = new Ajv2020({ allErrors: true, strict: false }).compile(connectorSchema);
const connectorsDir = path.join(ROOT, 'assets/connectors');
const connectorFiles = jsonFiles(connectorsDir).filter((f) => f !== 'secrets.json');
const exampleFiles = jsonFiles(path.join(connectorsDir, 'examples'));
const demoShopFiles = jsonFiles(path.join(connectorsDir, 'demo-shop'));
const actionNames = Object.keys(JSON.parse(readFileSync(actions, 'utf8')).actions).sort();
report(JSON.stringify(connectorFiles.map((f) => f.replace(/\.json$/, '')).sort()) === JSON.stringify(actionNames),
  `assets/connectors/ has one connector per action (${actionNames.length})`);
for (const [target, run] of Object.entries(targets)) {
  const r = run(['check', ...connectorFiles.map((f) => `assets/connectors/${f}`), 'assets/connectors/secrets.json'], ROOT);
  report(r.status === 0 && r.stdout === '', `${target}: seam check assets/connectors/*.json (${connectorFiles.length} connectors)`,
    r.status === 0 ? '' : `${r.stdout}${r.stderr}`);
  const e = run(['check', '--connectors', ...exampleFiles.map((f) => `assets/connectors/examples/${f}`)], ROOT);
  report(e.status === 0 && e.stdout === '' && exampleFiles.length > 0,
    `${target}: seam check --connectors assets/connectors/examples/*.json (${exampleFiles.length} http connectors)`,
    e.status === 0 ? '' : `${e.stdout}${e.stderr}`);
  // The demo configuration's set: every action over http to the demo shop service (seam-demo-shop).
  const d = run(['check', '--actions', 'assets/flows/actions.json', '--secrets', 'assets/connectors/secrets.json',
    '--connectors', ...demoShopFiles.map((f) => `assets/connectors/demo-shop/${f}`)], ROOT);
  report(d.status === 0 && d.stdout === '' && demoShopFiles.length === actionNames.length,
    `${target}: seam check --connectors assets/connectors/demo-shop/*.json (${demoShopFiles.length} http connectors)`,
    d.status === 0 ? '' : `${d.stdout}${d.stderr}`);
}
report(JSON.stringify(demoShopFiles.map((f) => f.replace(/\.json$/, '')).sort()) === JSON.stringify(actionNames),
  `assets/connectors/demo-shop/ has one http connector per action (${actionNames.length})`);
for (const file of [...connectorFiles, ...exampleFiles.map((f) => `examples/${f}`),
  ...demoShopFiles.map((f) => `demo-shop/${f}`)]) {
  const ok = validateConnector(JSON.parse(readFileSync(path.join(connectorsDir, file), 'utf8')));
  report(ok, `schema: assets/connectors/${file} is valid`, ok ? '' : JSON.stringify(validateConnector.errors, null, 1));
}
const connectorBroken = path.join(ROOT, 'tests/connectors/broken');
const fixtureSecrets = path.join(ROOT, 'tests/connectors/secrets.json');
for (const file of jsonFiles(connectorBroken)) {
  const expected = readFileSync(path.join(connectorBroken, file.replace(/\.json$/, '.expected')), 'utf8');
  for (const [target, run] of Object.entries(targets)) {
    const r = run(['check', '--actions', actions, '--secrets', fixtureSecrets, '--connectors', file], connectorBroken);
    const ok = r.status === 1 && r.stdout === expected && expected.trim() !== '';
    report(ok, `${target}: connector ${file} fails as expected`,
      ok ? '' : `exit ${r.status}\n--- expected\n${expected}--- actual\n${r.stdout}${r.stderr}`);
  }
  // A schema sees the file's shape (seam.connector.schema); the rest needs the registry and secrets.
  if (/\[seam\.connector\.schema\]/.test(expected)) {
    const doc = JSON.parse(readFileSync(path.join(connectorBroken, file), 'utf8'));
    report(!validateConnector(doc), `schema: connector ${file} is invalid too`);
  }
}

console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
