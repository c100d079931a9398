// seam-loader.js — the script a site owner loads (async) to embed the Seam widget.
// Classic script on purpose (the snippet uses a plain <script async src>). It drains the
// command queue of the snippet (window.Seam.q), creates ONE iframe served from the Seam origin
// (the origin this file came from) at /widget/frame.html, sizes and places it, and talks to it
// only with postMessage, checking event.origin and event.source. Host CSS cannot reach inside.
// Until the frame's launcher is on screen, the same launcher is drawn here, in a shadow root
// styled only through the CSSOM (a constructed sheet and el.style, which a strict style-src
// allows): it can be in the page's first paint, not after the frame's HTML, CSS and modules.
// API (versioned, see web/README.md): boot, open, close, identify, track, on, shutdown.
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !me.src) return;
  var ORIGIN = new URL(me.src).origin;
  var queued = (window.Seam && window.Seam.q) || [];
  var frame = null, ready = false, pending = [], handlers = {}, opened = false;
  var launcher = { width: 72, height: 72 }, position = 'right';
  var stand = null;   // {host, button}: our launcher in this page until the frame's shows
  // As the frame's: i18n/<locale>.json (launcher, launcher_open), widget.css, frame.html's icon.
  var WORDS = { en: ['Chat with us', 'Open the help chat'], es: ['Habla con nosotros', 'Abrir el chat de ayuda'] };
  var SHEET = 'button{display:inline-flex;align-items:center;gap:8px;min-height:52px;margin:0;' +
    'padding:0 20px 0 16px;border:0;border-radius:26px;background:#1f5f46;color:#fff;' +
    'font:600 15px/1.45 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.25);white-space:nowrap;cursor:pointer}button:focus-visible{outline:3px solid #0b57d0;' +
    'outline-offset:1px;box-shadow:0 0 0 6px #fff}svg{width:22px;height:22px;fill:currentColor}';
  var ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';

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

  function add(parent, el, attrs) {
    for (var k in attrs) el.setAttribute(k, attrs[k]);
    return parent.appendChild(el);
  }

  // Our launcher (null without constructed style sheets: then the frame's is the first).
  function drawLauncher(opts, theme) {
    if (!document.adoptedStyleSheets || !document.head.attachShadow) return null;
    var words = WORDS[opts.locale] || WORDS.en, svg = 'http://www.w3.org/2000/svg';
    var host = document.createElement('div'), root = host.attachShadow({ mode: 'open' });
    var sheet = new CSSStyleSheet(), m = /^#?([0-9a-f]{6})$/i.exec(theme.color || ''), lum = 0;
    sheet.replaceSync(SHEET);
    root.adoptedStyleSheets = [sheet];
    var button = add(root, document.createElement('button'), { type: 'button', 'aria-label': words[1] });
    var icon = add(button, document.createElementNS(svg, 'svg'), { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false' });
    add(icon, document.createElementNS(svg, 'path'), { d: ICON });
    add(button, document.createElement('span'), {}).textContent = theme.launcherText ? String(theme.launcherText) : words[0];
    if (m) {   // brand colour; white or near-black text, whichever passes WCAG AA (as the frame)
      [0.2126, 0.7152, 0.0722].forEach(function (w, i) {
        var c = parseInt(m[1].substr(i * 2, 2), 16) / 255;
        lum += w * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
      });
      css(button, { background: '#' + m[1], color: 1.05 / (lum + 0.05) >= 4.5 ? '#fff' : '#111' });
    }
    var box = { all: 'initial', position: 'fixed', bottom: '12px', 'z-index': '2147483001', display: 'block' };
    box[position] = '12px';   // where the frame's launcher will be
    css(host, box);
    host.id = 'seam-launcher-host';
    button.addEventListener('click', function () {
      frame.focus();   // so the frame may focus its composer when the panel opens
      post({ type: 'open' });
    });
    stand = { host: host, button: button };
    return host;
  }

  // The frame's launcher is on screen: ours goes (if it has the focus, when it loses it).
  function dropLauncher() {
    if (!stand) return;
    if (document.activeElement === stand.host) return stand.button.addEventListener('blur', dropLauncher);
    stand.host.remove();
    stand = null;
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
      if (stand) {   // after the resized frame is painted (or soon, in a background tab)
        requestAnimationFrame(function () { requestAnimationFrame(dropLauncher); });
        setTimeout(dropLauncher, 500);
      }
    } else if (m.type === 'state') {
      opened = !!m.open;
      if (opened) dropLauncher();
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
      // What the frame needs before the boot handshake (never the user).
      var hash = encodeURIComponent(JSON.stringify({ parent: location.origin, site: String(opts.siteId || '') }));
      frame.src = ORIGIN + '/widget/frame.html#' + hash;
      frame.setAttribute('title', 'Chat');
      frame.setAttribute('allow', 'clipboard-write');
      frame.setAttribute('referrerpolicy', 'strict-origin');
      frame.id = 'seam-widget-frame';
      layout();
      window.addEventListener('message', onMessage);
      window.addEventListener('resize', layout);
      // While the page is parsed, after <body> (which the parser keeps filling): last in tab order.
      var parent = document.readyState === 'loading' ? document.documentElement : document.body;
      var drawn = drawLauncher(opts, theme), attach = function () {
        if (frame && !frame.parentNode) parent.appendChild(frame);
      };
      if (!drawn) attach();
      else {   // the frame after the first paint with our launcher: its loading would delay that paint
        parent.appendChild(drawn);
        performance.mark('seam:launcher-shown');   // these two: read by tests/bench/widget.mjs
        requestAnimationFrame(function () { performance.mark('seam:launcher-visible'); setTimeout(attach, 0); });
        setTimeout(attach, 500);   // a background tab has no animation frames
      }
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
      if (stand) stand.host.remove();
      frame = null; stand = null; ready = false; pending = []; opened = false;
    }
  };

  function Seam(cmd) {
    var fn = commands[cmd];
    if (!fn) { if (window.console) console.warn('Seam: unknown command ' + cmd); return; }
    fn.apply(null, Array.prototype.slice.call(arguments, 1));
  }
  window.Seam = Seam;
  function run() { queued.forEach(function (args) { Seam.apply(null, args); }); queued = []; }
  // As soon as <body> exists (not at DOMContentLoaded, which waits for the page's deferred scripts).
  if (document.body) run();
  else {
    var watch = new MutationObserver(function () { if (document.body) { watch.disconnect(); run(); } });
    watch.observe(document.documentElement, { childList: true });
  }
})();
