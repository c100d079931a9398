// seam-loader.js — the script a site owner loads (async) to embed the Seam widget.
// Classic script on purpose (the snippet uses a plain <script async src>). It drains the
// command queue of the snippet (window.Seam.q), creates ONE iframe served from the Seam origin
// (the origin this file came from) at /widget/frame.html, sizes and places it, and talks to it
// only with postMessage, checking event.origin and event.source. Host CSS cannot reach inside.
// API (versioned, see web/README.md): boot, open, close, identify, track, on, shutdown.
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !me.src) return;
  var ORIGIN = new URL(me.src).origin;
  var queued = (window.Seam && window.Seam.q) || [];
  var frame = null, ready = false, pending = [], handlers = {}, opened = false;
  var launcher = { width: 72, height: 72 }, position = 'right';

  function post(msg) {
    if (!frame) return;
    msg.seam = 1;
    if (ready) frame.contentWindow.postMessage(msg, ORIGIN);
    else pending.push(msg);
  }

  function css(el, props) {  // inline !important beats any host stylesheet rule
    for (var k in props) el.style.setProperty(k, props[k], 'important');
  }

  function layout() {
    if (!frame) return;
    var small = window.innerWidth < 480;
    var base = { position: 'fixed', border: '0', margin: '0', padding: '0', 'z-index': '2147483000',
      background: 'transparent', 'color-scheme': 'normal', display: 'block', 'max-width': 'none',
      'max-height': 'none', 'min-width': '0', 'min-height': '0', transform: 'none', opacity: '1',
      visibility: 'visible', 'box-shadow': 'none', 'border-radius': '0' };
    if (opened && small) {
      base.top = '0'; base.left = '0'; base.right = 'auto'; base.bottom = 'auto';
      base.width = '100vw'; base.height = '100%';
    } else {
      // open: a 400×640 panel plus an 8 px margin inside the frame for its shadow
      var w = opened ? 416 : launcher.width, h = opened ? Math.min(656, window.innerHeight - 8) : launcher.height;
      base.top = 'auto'; base.bottom = opened ? '4px' : '8px';
      base[position] = opened ? '4px' : '8px';
      base[position === 'right' ? 'left' : 'right'] = 'auto';
      base.width = w + 'px'; base.height = h + 'px';
    }
    css(frame, base);
    if (ready) post({ type: 'layout', full: opened && small });
  }

  function emit(name, data) {
    (handlers[name] || []).slice().forEach(function (fn) {
      try { fn(data); } catch (e) { setTimeout(function () { throw e; }); }
    });
  }

  function onMessage(ev) {
    if (!frame || ev.origin !== ORIGIN || ev.source !== frame.contentWindow) return;
    var m = ev.data;
    if (!m || m.seam !== 1) return;
    if (m.type === 'ready') {
      ready = true;
      var out = pending; pending = [];
      out.forEach(function (x) { frame.contentWindow.postMessage(x, ORIGIN); });
      layout();
    } else if (m.type === 'size') {
      launcher = { width: Math.ceil(m.width) || 72, height: Math.ceil(m.height) || 72 };
      layout();
    } else if (m.type === 'state') {
      opened = !!m.open;
      frame.setAttribute('title', m.title || 'Chat');
      layout();
    } else if (m.type === 'event') {
      emit(m.name, m.data);
    }
  }

  var commands = {
    boot: function (opts) {
      if (frame) return;
      opts = opts || {};
      var theme = opts.theme || {};
      position = theme.position === 'left' ? 'left' : 'right';
      frame = document.createElement('iframe');
      // What the frame needs to draw the launcher before the boot handshake (never the user).
      var hash = encodeURIComponent(JSON.stringify({ parent: location.origin, site: String(opts.siteId || ''),
        locale: opts.locale, theme: theme }));
      frame.src = ORIGIN + '/widget/frame.html#' + hash;
      frame.setAttribute('title', 'Chat');
      frame.setAttribute('allow', 'clipboard-write');
      frame.setAttribute('referrerpolicy', 'strict-origin');
      frame.id = 'seam-widget-frame';
      layout();
      window.addEventListener('message', onMessage);
      window.addEventListener('resize', layout);
      (document.body || document.documentElement).appendChild(frame);
      post({ type: 'boot', options: {
        siteId: opts.siteId, locale: opts.locale, theme: theme, user: opts.user || null,
        localBrain: !!opts.localBrain, helpBaseUrl: opts.helpBaseUrl || null } });
    },
    open: function () { post({ type: 'open' }); },
    close: function () { post({ type: 'close' }); },
    identify: function (user) { post({ type: 'identify', user: user || null }); },
    track: function (name, props) { post({ type: 'track', name: String(name), props: props || {} }); },
    on: function (name, fn) {
      if (typeof fn === 'function') (handlers[name] = handlers[name] || []).push(fn);
    },
    shutdown: function () {
      if (!frame) return;
      post({ type: 'shutdown' });
      window.removeEventListener('message', onMessage);
      window.removeEventListener('resize', layout);
      frame.remove();
      frame = null; ready = false; pending = []; opened = false;
    }
  };

  function Seam(cmd) {
    var fn = commands[cmd];
    if (!fn) { if (window.console) console.warn('Seam: unknown command ' + cmd); return; }
    fn.apply(null, Array.prototype.slice.call(arguments, 1));
  }
  window.Seam = Seam;
  function run() { queued.forEach(function (args) { Seam.apply(null, args); }); queued = []; }
  if (document.body) run(); else document.addEventListener('DOMContentLoaded', run);
})();
