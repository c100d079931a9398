// web/static/playground.js — loads the WASM core and shows its text pipeline on live input.
// UI only: every rule lives in the C++ core (shared/), reached through seam_core.mjs.
import createSeamCore from './seam_core.mjs';

const $ = (id) => document.getElementById(id);

function render(core) {
  const text = $('message').value;
  const strip = $('strip').checked;
  $('normalized').textContent = core.normalize(text, strip);
  const list = $('tokens');
  list.replaceChildren();
  for (const token of core.tokenize(text, false)) {
    const item = document.createElement('li');
    const original = text.slice(token.start, token.end);
    item.textContent = `${token.norm}  (${token.kind}, “${original}” at ${token.start}–${token.end})`;
    list.append(item);
  }
}

createSeamCore().then((core) => {
  $('status').textContent = `ready (core ${core.version()})`;
  $('playground').addEventListener('input', () => render(core));
  render(core);
}).catch((err) => {
  $('status').textContent = `failed to load the core: ${err}`;
});
