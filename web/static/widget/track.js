// widget/track.js — page events (Seam('track', name, props)): checked with seamd's rules
// (shared/include/seam/track/page_event.hpp; seamd checks again), kept in the frame's storage
// until the conversation exists, then sent to POST /v1/cases/{id}/events for the agent to see.

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const KEY = /^[A-Za-z0-9_]{1,40}$/;
const utf8 = (s) => new TextEncoder().encode(s).length;

//! null when the event keeps the rules, else what to change (for the site owner's console).
export function checkPageEvent(name, props) {
  if (typeof name !== 'string' || !NAME.test(name)) {
    return 'an event name is 1-64 letters, digits, _ . : or - (starting with a letter or a digit)';
  }
  if (props == null) return null;
  if (typeof props !== 'object' || Array.isArray(props)) return 'the properties are an object';
  const entries = Object.entries(props);
  if (entries.length > 20) return 'at most 20 properties';
  for (const [k, v] of entries) {
    if (!KEY.test(k)) return `property names are 1-40 letters, digits or _; "${k}" is not`;
    const ok = v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'string' && utf8(v) <= 200);
    if (!ok) return `"${k}" is a string of at most 200 bytes, a finite number, true, false or null`;
  }
  if (utf8(JSON.stringify(props)) > 2000) return 'the properties take at most 2,000 bytes as JSON';
  return null;
}

//! Keeps events in `store` (newest 20) and sends them through `post(event)` once `ready()`.
export class PageEvents {
  constructor(store, post, ready) {
    Object.assign(this, { store, post, ready, sending: false });
  }

  add(name, props) {
    const problem = checkPageEvent(name, props);
    if (problem) return console.warn(`Seam('track'): ${problem}`);
    const queued = (this.store.get('pageEvents') || []).concat([{ name, props: props || null }]);
    this.store.set({ pageEvents: queued.slice(-20) });
    this.flush();
  }

  //! Sends what is queued, oldest first. Each event is taken off the shared queue before it is
  //! sent (another tab will not send it too); a network failure puts it back for the next flush.
  async flush() {
    if (this.sending || !this.ready()) return;
    this.sending = true;
    const queued = () => { this.store.reload(); return this.store.get('pageEvents') || []; };
    try {
      for (let next; (next = queued()[0]);) {
        this.store.set({ pageEvents: queued().slice(1) });
        try {
          await this.post(next);
        } catch (err) {
          if (!err || err.status === undefined || err.status === 429 || err.status >= 500) {
            this.store.set({ pageEvents: [next].concat(queued()).slice(-20) });
            break;
          }
          console.warn(`Seam('track'): ${err.message}`);   // refused: dropped, not retried
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
