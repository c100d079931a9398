// widget/launcher.js — what the frame knows before boot and how it draws its launcher: the
// parent origin and site from the frame URL's hash (checked against where the browser says we
// are embedded), messages to the parent, the theme, the launcher's size for the loader.
// Until boot the launcher on screen is the one seam-loader.js draws in the host page; at boot
// widget.js shows this one and the loader removes its own (web/README.md).
function parseHash() {
  try { return JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch { return {}; }
}
const conf = parseHash();
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

//! A click on the loader's launcher (an "open" message) while the widget boots opens it at boot.
export const early = { wantOpen: false };
