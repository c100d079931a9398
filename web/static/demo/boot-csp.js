// demo/boot-csp.js — the snippet for the strict-CSP copy of the store page, as an external file (the demo pages allow no
// inline script). The real snippet is in web/README.md; it is this stub plus the async loader tag.
window.Seam = window.Seam || function () { (Seam.q = Seam.q || []).push(arguments); };
Seam('boot', { siteId: 'demo', locale: document.documentElement.lang === 'es' ? 'es' : 'en',
  theme: { color: '#1f5f46', position: 'right', launcherText: 'Help' } });   // server turns only
