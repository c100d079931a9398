// widget/local-brain.js — progressive enhancement: the WASM brain (/widget/seam_widget.mjs +
// /widget/bundle.json, built from web/widget/brain.cpp) previews the client-only part of a turn
// instantly, while the server turn (the only authority) confirms it.
//
// The seam: loadLocalBrain({locale}) → null, or
//   { setState(serverState), previewText(text) → effects[], previewChoice(value) → effects[] }
// The brain steps a copy of the SERVER's engine state (turns are posted with with_state: true),
// so a preview is what the server is about to say. Only the effects before the first action
// or handoff are returned (those need the server). Any failure → null / [] and the widget just
// waits for the server. Off unless the host boots with {localBrain: true}.

export async function loadLocalBrain({ locale }) {
  try {
    const [mod, bundle] = await Promise.all([
      import('./seam_widget.mjs'),
      fetch(new URL('bundle.json', import.meta.url)).then((r) => (r.ok ? r.text() : Promise.reject(new Error('no bundle')))),
    ]);
    const core = await mod.default();
    const today = new Date().toISOString().slice(0, 10);
    const brain = core.Brain.load(bundle, today);
    if (!brain) return null;
    let state = brain.newState('', locale || 'en', '');

    const clientOnly = (outText) => {
      const out = JSON.parse(outText);
      if (out.error) return [];
      const effects = [];
      for (const e of out.effects || []) {
        if (e.type === 'action' || e.type === 'handoff' || e.type === 'end') break;
        effects.push(e);
      }
      return effects;
    };

    return {
      setState(serverState) {
        if (serverState && typeof serverState === 'object') state = JSON.stringify(serverState);
      },
      previewText(text) {
        try { return clientOnly(brain.message(state, text)); } catch { return []; }
      },
      previewChoice(value) {
        try { return clientOnly(brain.choose(state, value)); } catch { return []; }
      },
      validate(slotType, text) {
        try { return JSON.parse(brain.validate(slotType, text, locale)); } catch { return null; }
      },
    };
  } catch {
    return null;
  }
}
