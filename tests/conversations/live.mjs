// tests/conversations/live.mjs — the live conversation scripts (tests/conversations/live/, those
// with an "account" header) against a real seamd: its demo shop, its actions, its store. One
// private seamd on a free port with a fresh store and a pinned business day, so every run sees
// the same shop; the scripts run in file order against it (what one changes, the next sees).
//
// Twice: with the actions builtin (seamd's own store), then with every action going over http to
// the separate demo shop service (assets/connectors/demo-shop, as scripts/demo runs): the same
// scripts, the same expectations. Prints "SEAM-RESULT passed=N failed=M".
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, startSeamd } from '../e2e/lib/harness.mjs';

const BIN = process.env.SEAM_BIN_DIR || path.join(ROOT, 'build/bin');
const TODAY = '2026-11-22';  // the day the live scripts' expectations were written for

let passed = 0;
let failed = 0;
for (const actions of ['builtin', 'http']) {
  console.log(`== actions: ${actions}`);
  const seamd = await startSeamd(['--today', TODAY, '--rate-limit', '0', '--access-log', 'false'], { actions });
  try {
    const r = spawnSync(path.join(BIN, 'seam'), ['test', '--server', seamd.base, 'tests/conversations/live'],
      { cwd: ROOT, encoding: 'utf8' });
    process.stdout.write(r.stdout + r.stderr);
    const m = /(\d+) passed, (\d+) failed\s*$/.exec(r.stdout);
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]) + (r.status === 0 || Number(m[2]) > 0 ? 0 : 1);
    } else {
      failed += 1;
    }
    if (seamd.shop) {
      // The service's own count: the conversations' actions ran there, each once.
      const stats = await seamd.shop.stats();
      const executed = Object.values(stats.executions || {}).reduce((a, b) => a + b, 0);
      console.log(`demo shop service: ${stats.requests} requests, ${executed} executions, ` +
        `${stats.replays} replays ${JSON.stringify(stats.executions)}`);
      const ok = executed > 0;
      console.log(`${ok ? 'ok  ' : 'FAIL'} the actions ran in the demo shop service`);
      if (ok) passed += 1; else failed += 1;
    }
  } finally {
    await seamd.stop();
  }
}
console.log(`SEAM-RESULT passed=${passed} failed=${failed}`);
process.exit(failed === 0 ? 0 : 1);
