// demo/boot-store.js — the site owner's snippet, as an external file (the demo pages allow no
// inline script). The real snippet is in web/README.md; it is this stub plus the async loader tag.
window.Seam = window.Seam || function () { (Seam.q = Seam.q || []).push(arguments); };
Seam('boot', { siteId: 'demo', locale: document.documentElement.lang === 'es' ? 'es' : 'en',
  theme: { color: '#1f5f46', position: 'right', launcherText: 'Help' },
  localBrain: true });   // the WASM brain previews answers (web/README.md); off by default
