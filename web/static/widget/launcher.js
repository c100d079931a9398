// widget/launcher.js — the frame's entry point: the launcher on the first paint, then the rest.
// It needs only this file, i18n.js and the strings (not the boot handshake with the loader: the
// loader puts the locale and theme in the frame URL's hash), and the rest of the widget (widget.js
// and its modules, which boot as before and take the launcher over) is imported only once the
// launcher is on screen, so none of its work delays that paint. A click on the launcher before
// boot is remembered (early.wantOpen) and opens the panel at boot.
//
// Marks on the performance timeline (the frame's clock), read by tests/bench/widget.mjs:
// "seam:launcher-shown" when it is unhidden, "seam:launcher-visible" in the next animation frame
// (the one that paints it).
import { loadStrings, applyStrings } from './i18n.js';

function parseHash() {
  try { return JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch { return {}; }
}
export const conf = parseHash();
export const PARENT = typeof conf.parent === 'string' ? conf.parent : '';
export const SITE = typeof conf.site === 'string' ? conf.site : '';
// The origin given at boot must be the page that really embeds us (where the browser tells).
const ancestors = location.ancestorOrigins;
export const trusted = PARENT && window.parent !== window &&
  !(ancestors && ancestors.length && ancestors[0] !== PARENT);

export function toParent(msg) {
  if (trusted) window.parent.postMessage({ seam: 1, ...msg }, PARENT);
}

function contrastText(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || '');
  if (!m) return null;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (1.05 / (lum + 0.05)) >= 4.5 ? '#ffffff' : '#111111';
}

//! Brand colour (with a readable text colour), position, launcher text: from boot's theme.
export function applyTheme(theme = {}) {
  const root = document.documentElement.style;
  const onBrand = contrastText(theme.color);
  if (onBrand) {
    root.setProperty('--seam-brand', theme.color.startsWith('#') ? theme.color : `#${theme.color}`);
    root.setProperty('--seam-on-brand', onBrand);
  }
  const pos = theme.position === 'left' ? 'left' : 'right';
  root.setProperty('--seam-position', pos);
  document.body.classList.remove('pos-left', 'pos-right');
  document.body.classList.add(`pos-${pos}`);
  if (theme.launcherText) {
    document.getElementById('seam-launcher-text').textContent = String(theme.launcherText);
  }
}

//! Tells the loader the launcher's size (the frame is sized to it, plus room for the shadow).
export function reportSize() {
  requestAnimationFrame(() => {
    const r = document.getElementById('seam-launcher').getBoundingClientRect();
    toParent({ type: 'size', width: r.width + 8, height: r.height + 8 });
  });
}

export const early = { booted: false, wantOpen: false };

async function showLauncher() {
  const launcher = document.getElementById('seam-launcher');
  const t = await loadStrings(conf.locale);
  applyStrings(document, t);
  applyTheme(conf.theme || {});
  launcher.addEventListener('click', () => { if (!early.booted) early.wantOpen = true; });
  launcher.hidden = false;
  performance.mark('seam:launcher-shown');
  reportSize();
  requestAnimationFrame(() => {
    performance.mark('seam:launcher-visible');
    setTimeout(loadWidget, 0);
  });
  setTimeout(loadWidget, 250);   // a background tab has no animation frames
}

let loading = false;
function loadWidget() {
  if (loading) return;
  loading = true;
  import('./widget.js').catch((err) => console.error('seam: the widget failed to load', err));
}

// Only inside the page that embeds us, and only with the launch options in the hash (a loader
// of an older version leaves them out: widget.js then shows the launcher at boot).
if (trusted && conf.theme && typeof conf.theme === 'object') showLauncher().catch(loadWidget);
else loadWidget();
