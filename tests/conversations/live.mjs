// tests/conversations/live.mjs — the live conversation scripts (tests/conversations/live/, those
// with an "account" header) against a real seamd: its demo shop, its actions, its store. One
// private seamd on a free port with a fresh store and a pinned business day, so every run sees
// the same shop; the scripts run in file order against it (what one changes, the next sees).
// Prints "SEAM-RESULT passed=N failed=M".
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, startSeamd } from '../e2e/lib/harness.mjs';

const BIN = process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin');
const TODAY = '2026-11-22';  // the day the live scripts' expectations were written for

const seamd = await startSeamd(['--today', TODAY, '--rate-limit', '0', '--access-log', 'false']);
let passed = 0;
let failed = 0;
try {
  const r = spawnSync(path.join(BIN, 'seam'), ['test', '--server', seamd.base, 'tests/conversations/live'],
    { cwd: ROOT, encoding: 'utf8' });
  process.stdout.write(r.stdout + r.stderr);
  const m = /(\d+) passed, (\d+) failed\s*$/.exec(r.stdout);
  if (m) {
    passed = Number(m[1]);
    failed = Number(m[2]) + (r.status === 0 || Number(m[2]) > 0 ? 0 : 1);
  } else {
    failed = 1;
  }
} finally {
  await seamd.stop();
}
console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
