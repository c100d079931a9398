// tests/flows/check.mjs — `seam check` as data: the demo flows pass, and every broken flow under
// tests/flows/broken/ fails with exactly the lines in its .expected file. Runs the native CLI and
// its WebAssembly build (node) and requires both to agree. Prints "SEAM-RESULT passed=N failed=M".
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

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
console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
