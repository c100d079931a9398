// widget/store.js — conversation continuity: {case id, session token, last message id, outbox,
// pending quick replies} in localStorage of the Seam origin, keyed by site and host origin (so
// another site embedding the frame never sees this conversation), and a BroadcastChannel so
// every tab of the same site shows the same conversation.

export class Store {
  constructor(site, parent) {
    this.key = `seam:v1:${site}:${parent}`;
    this.data = this.read();
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(this.key) : null;
    this.listeners = [];
    if (this.channel) this.channel.onmessage = (ev) => this.listeners.forEach((fn) => fn(ev.data));
  }

  read() {
    try { return JSON.parse(localStorage.getItem(this.key)) || {}; } catch { return {}; }
  }

  get(name) { return this.data[name]; }

  //! Merges `patch` into the stored record and writes it at once.
  set(patch) {
    this.data = { ...this.read(), ...patch };
    try { localStorage.setItem(this.key, JSON.stringify(this.data)); } catch { /* private mode */ }
  }

  clear() {
    this.data = {};
    try { localStorage.removeItem(this.key); } catch { /* ignore */ }
  }

  reload() { this.data = this.read(); }

  broadcast(msg) { if (this.channel) this.channel.postMessage(msg); }
  onBroadcast(fn) { this.listeners.push(fn); }

  //! Per-tab flag (sessionStorage): was the panel open in this tab?
  get tabOpen() { try { return sessionStorage.getItem(`${this.key}:open`) === '1'; } catch { return false; } }
  set tabOpen(v) { try { sessionStorage.setItem(`${this.key}:open`, v ? '1' : '0'); } catch { /* ignore */ } }
}
