// tests/nlu/parity.mjs — the intent model gives the same predictions natively and in WebAssembly.
// Trains and evaluates with `seam eval` (build/bin/seam) and its node build (build/wasm/seam.js)
// on samples: the demo store's own intents (always), and slices of the public benchmarks beside
// the project when they are there. Prints "SEAM-RESULT passed=N failed=M".
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORK = path.join(ROOT, 'build/test-artifacts/nlu-parity');
const BIN = process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin');
let passed = 0;
let failed = 0;

function lines(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

// A dataset directory from lists of JSON lines.
function makeDir(name, split) {
  const dir = path.join(WORK, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, rows] of Object.entries(split)) writeFileSync(path.join(dir, file), rows.join('\n') + '\n');
  return dir;
}

function evalBoth(dir) {
  const native = path.join(dir, 'native.txt');
  const wasm = path.join(dir, 'wasm.txt');
  const a = JSON.parse(execFileSync(path.join(BIN, 'seam'), ['eval', dir, '--json', '--predictions', native]));
  const b = JSON.parse(execFileSync('node', ['--no-experimental-fetch', path.join(ROOT, 'build/wasm/seam.js'),
    'eval', dir, '--json', '--predictions', wasm], { maxBuffer: 1 << 26 }));
  return { a, b, native: readFileSync(native, 'utf8'), wasm: readFileSync(wasm, 'utf8') };
}

function check(name, dir) {
  try {
    const { a, b, native, wasm } = evalBoth(dir);
    const same = native === wasm && a.model_bytes === b.model_bytes && a.accuracy === b.accuracy &&
      a.oos_threshold === b.oos_threshold && a.temperature === b.temperature;
    const n = native.split('\n').length - 1;
    if (same && n > 0) {
      passed += 1;
      console.log(`ok    ${name}: ${n} identical predictions (accuracy ${a.accuracy.toFixed(4)}, model ${a.model_bytes} bytes)`);
    } else {
      failed += 1;
      const x = native.split('\n');
      const y = wasm.split('\n');
      const diff = x.findIndex((v, i) => v !== y[i]);
      console.log(`FAIL  ${name}: native and wasm differ (first differing prediction: line ${diff + 1}: ${x[diff]} vs ${y[diff]};` +
        ` model ${a.model_bytes}/${b.model_bytes} bytes, threshold ${a.oos_threshold}/${b.oos_threshold})`);
    }
  } catch (err) {
    failed += 1;
    console.log(`FAIL  ${name}: ${err.message}`);
  }
}

// The demo store: every fifth example of each language is held out for testing.
const demo = [...lines(path.join(ROOT, 'assets/nlu/en.jsonl')), ...lines(path.join(ROOT, 'assets/nlu/es.jsonl'))];
check('demo store intents (en+es)', makeDir('demo', {
  'train.jsonl': demo.filter((_, i) => i % 5 !== 0),
  'test.jsonl': demo.filter((_, i) => i % 5 === 0),
}));

const datasets = path.resolve(ROOT, '../shared/datasets');
for (const name of ['clinc150', 'banking77']) {
  const src = path.join(datasets, name);
  if (!existsSync(path.join(src, 'train.jsonl'))) {
    console.log(`skip  ${name}: not found at ${src}`);
    continue;
  }
  const train = lines(path.join(src, 'train.jsonl')).filter((_, i) => i % 4 === 0);
  const test = lines(path.join(src, 'test.jsonl')).filter((_, i) => i % 5 === 0);
  const split = { 'train.jsonl': train, 'test.jsonl': test };
  if (existsSync(path.join(src, 'val.jsonl'))) split['val.jsonl'] = lines(path.join(src, 'val.jsonl')).filter((_, i) => i % 4 === 0);
  check(`${name} sample`, makeDir(name, split));
}
console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
