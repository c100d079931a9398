// web/static/console/boot.js — starts the operator console (seam_console.js, built from
// web/console/main.cpp) and gives tests and benchmarks a small window.seamConsole API:
//   seamConsole.ready          a promise, resolved with the time of the first frame (ms)
//   seamConsole.marks()        {name: {x, y, w, h}} where named controls were drawn last frame,
//                              in CSS pixels of the page (the e2e test clicks and types there)
//   seamConsole.frameStats()   {frames, samples, last, p50, p99, max}: CPU ms per frame
//   seamConsole.resetStats()   forgets the frame-time samples
'use strict';
(function () {
  const status = document.getElementById('console-status');
  let ready;
  const readyPromise = new Promise((resolve) => { ready = resolve; });
  window.Module = {
    canvas: document.getElementById('canvas'),
    onFirstFrame(at) {
      status.hidden = true;
      window.Module.canvas.focus();
      ready(at);
    },
    printErr(text) { console.warn(text); },
    onAbort(what) {
      status.hidden = false;
      status.textContent = 'The console stopped: ' + what + '. Reload the page to start again.';
    },
  };
  const call = (name) => window.Module.UTF8ToString(window.Module['_' + name]());
  window.seamConsole = {
    ready: readyPromise,
    marks() {
      const raw = JSON.parse(call('seam_console_marks'));
      const out = {};
      for (const [name, r] of Object.entries(raw)) out[name] = {x: r[0], y: r[1], w: r[2], h: r[3]};
      return out;
    },
    frameStats() { return JSON.parse(call('seam_console_frame_stats')); },
    resetStats() { window.Module._seam_console_reset_stats(); },
  };
  window.addEventListener('contextmenu', (e) => e.preventDefault());
  // F1 (shortcuts) and F5 (refresh the queue) are the console's, not the browser's help and reload.
  window.addEventListener('keydown', (e) => {
    if (e.key === 'F1' || e.key === 'F5') e.preventDefault();
  });
})();
