// widget/widget.js — the Seam widget inside its iframe: boot from the parent page (postMessage,
// origin-checked both ways), the launcher and panel, conversation turns against seamd, the
// offline outbox (exactly-once through client_id), agent long polling, continuity across
// reloads (localStorage) and tabs (BroadcastChannel), and the optional local brain.
//
// Index: [SECTION] Frame bootstrap · Boot and theme · Open/close · Session · Outbox · Turns ·
//        Agent polling · Restore and tabs · Host events

import * as api from './api.js';
import { Store } from './store.js';
import { PageEvents } from './track.js';
import { loadStrings, applyStrings } from './i18n.js';
import { Log, displayName } from './render.js';
import { PARENT, SITE, trusted, toParent, applyTheme, reportSize, early } from './launcher.js';

// [SECTION] Frame bootstrap
// The frame's URL (hash), the trust check, theme and launcher size: launcher.js.
const $ = (id) => document.getElementById(id);
const ui = {
  launcher: $('seam-launcher'), launcherText: $('seam-launcher-text'), panel: $('seam-panel'),
  badge: $('seam-launcher-badge'),
  close: $('seam-close'), log: $('seam-log'), typing: $('seam-typing'), human: $('seam-human'),
  form: $('seam-composer'), input: $('seam-input'), offline: $('seam-offline'),
};

const w = {
  t: null, log: null, store: null, options: {}, open: false, status: 'open', booted: false,
  caseId: null, token: null, lastId: 0, identity: null, customerKey: null,
  pumping: false, backoff: 1000, retryTimer: null, polling: null, agentJoined: false,
  pendingNodes: new Map(), unconfirmed: [], brain: null, proactive: null,
};

window.addEventListener('message', (ev) => {
  if (!trusted || ev.origin !== PARENT || ev.source !== window.parent) return;
  const m = ev.data;
  if (!m || m.seam !== 1) return;
  if (m.type === 'boot') boot(m.options || {});
  else if (!w.booted) return;
  else if ((m.type === 'open' || m.type === 'close') && !w.log) early.wantOpen = m.type === 'open';   // booting
  else if (m.type === 'open') setOpen(true);
  else if (m.type === 'close') setOpen(false);
  else if (m.type === 'layout') document.body.classList.toggle('is-full', !!m.full);
  else if (m.type === 'identify') identifyAs(m.user);
  else if (m.type === 'track') track(m.name, m.props);
  else if (m.type === 'shutdown') shutdown();
});

if (trusted) toParent({ type: 'ready' });

// [SECTION] Boot and theme
async function boot(options) {
  if (w.booted) return;
  w.booted = true;
  w.options = options;
  w.t = await loadStrings(options.locale);
  applyStrings(document, w.t);
  applyTheme(options.theme);
  const helpBase = options.helpBaseUrl || PARENT;
  const onReply = (opt) => (opt.value ? send({ choice: opt.value, label: opt.label }) : send({ text: opt.label }));
  w.log = new Log(ui.log, w.t, { helpBase, onReply, onRate: rate });
  w.store = new Store(SITE, PARENT);
  w.store.onBroadcast(onTabMessage);
  w.events = new PageEvents(w.store, (e) => api.postEvent(w.caseId, w.token, e), () => !!(w.caseId && w.token));
  for (const [name, props] of early.tracks || []) w.events.add(name, props);
  wireUi();
  ui.launcher.hidden = false;   // the loader's launcher (in the host page) goes once this one is on screen
  requestAnimationFrame(() => performance.mark('seam:launcher-visible'));
  reportSize();
  // The brain (WASM + model) loads once the launcher is on screen, not before it.
  if (options.localBrain) requestAnimationFrame(() => setTimeout(loadBrain, 0));
  await restore();
  if (options.user) await identifyAs(options.user);
  if (early.wantOpen) setOpen(true);   // the loader's launcher was clicked before boot
  else if (w.store.tabOpen) setOpen(true, { focus: false });
  pump();
}

function wireUi() {
  ui.launcher.addEventListener('click', () => setOpen(true));
  ui.close.addEventListener('click', () => setOpen(false));
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && w.open) { ev.preventDefault(); setOpen(false); }
  });
  ui.form.addEventListener('submit', (ev) => { ev.preventDefault(); sendComposer(); });
  ui.input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); sendComposer(); }
  });
  ui.input.addEventListener('input', autoGrow);
  ui.human.addEventListener('click', () => send({ text: w.t('talk_to_person_text'), label: w.t('talk_to_person') }));
  window.addEventListener('online', () => { showOffline(); w.backoff = 1000; pump(); w.events.flush(); });
  window.addEventListener('offline', showOffline);
  showOffline();
}

function autoGrow() {
  ui.input.style.height = 'auto';
  ui.input.style.height = `${Math.min(ui.input.scrollHeight + 2, 120)}px`;
}

function showOffline() { ui.offline.hidden = navigator.onLine; }

// [SECTION] Open/close
function setOpen(open, { focus = true } = {}) {
  w.open = open;
  if (w.store) w.store.tabOpen = open;
  ui.panel.hidden = !open;
  ui.launcher.hidden = open;
  ui.launcher.setAttribute('aria-expanded', String(open));
  document.body.classList.toggle('is-open', open);
  document.body.classList.toggle('is-closed', !open);
  toParent({ type: 'state', open, title: w.t ? w.t('title') : 'Chat' });
  if (open) {
    if (w.proactive) openedProactive();
    if (!ui.log.childElementCount) welcome();
    w.log.scroll();
    if (focus) requestAnimationFrame(() => ui.input.focus());
  } else {
    if (w.proactiveNext) adoptProactive().catch(() => {});
    reportSize();
    if (focus) requestAnimationFrame(() => ui.launcher.focus());
  }
}

function welcome() {
  w.log.note(w.t('welcome'));
  w.log.replies([
    { text: w.t('start_track') }, { text: w.t('start_return') }, { text: w.t('start_shipping') },
  ].map((o) => ({ value: null, label: o.text })));   // starter chips send their label as text
}

// [SECTION] Session
function identityOf(user) {
  if (!user || typeof user !== 'object') return null;
  if (user.token) return { token: String(user.token) };
  if (user.userId && user.userHash) return { user_id: String(user.userId), user_hash: String(user.userHash) };
  return null;
}

function keyOf(identity) {
  if (!identity) return null;
  if (identity.user_id) return identity.user_id;
  try {
    const part = identity.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part)).sub || null;
  } catch { return null; }
}

function saveSession(res) {
  if (w.brain) w.brain.setState(res.case.state);
  w.caseId = res.case.id;
  w.token = res.session_token;
  w.status = res.case.status;
  w.store.set({ caseId: w.caseId, token: w.token, customerKey: w.customerKey, lastId: w.lastId });
  w.events.flush();
  if (res.customer_token) watchProactive(res.customer_token);
}

async function ensureSession() {
  if (w.caseId && w.token) return;
  const res = await api.createSession({ locale: w.t.lang, identity: w.identity });
  saveSession(res);
  renderTranscript(res.case.messages || []);
  if (res.proactive) showProactive(res.proactive);
  w.store.broadcast({ type: 'session' });
}

// A message the shop sent first (a late parcel, a payment to fix): its quick replies, and a
// badge on the launcher until the customer opens the panel; never a pop-up over the page.
function showProactive(p) {
  w.proactive = p;
  if (p.replies && p.replies.length) {
    w.log.replies(p.replies);
    w.store.set({ replies: p.replies });
  }
  if (w.open) { openedProactive(); return; }
  ui.badge.hidden = false;
  ui.launcher.setAttribute('aria-label', w.t('launcher_news'));
  reportSize();
}

// While a signed-in customer browses, a message the shop sends arrives live: a long poll on
// GET /v1/me/proactive. With the panel closed the widget moves to that conversation (badge on
// the launcher); with a conversation open it waits until the panel closes.
function watchProactive(customerToken) {
  if (w.proactiveWatch) w.proactiveWatch.abort();
  const ctrl = new AbortController();
  w.proactiveWatch = ctrl;
  (async () => {
    let after = 0;
    let delay = 2000;
    let refreshed = 0;
    while (!ctrl.signal.aborted) {
      try {
        const res = await api.getProactive(customerToken, after, 25, ctrl.signal);
        delay = 2000;
        for (const m of res.messages || []) {
          after = Math.max(after, m.id);
          if (m.case_id !== w.caseId) w.proactiveNext = m;
          else if (!w.proactive && !w.open) showProactive(m);   // the case on screen: its badge
        }
        if (w.proactiveNext && !w.open) await adoptProactive();
      } catch (err) {
        if (ctrl.signal.aborted) return;
        if (err instanceof api.ApiError && (err.status === 401 || err.status === 403)) {
          // The customer token lasts an hour: the page's identity gets a new one, or we stop.
          if (Date.now() - refreshed < 60000) return;
          refreshed = Date.now();
          try {
            const res = w.identity && w.caseId ? await api.identify(w.caseId, w.token, w.identity) : null;
            if (!res || !res.customer_token) return;
            customerToken = res.customer_token;
          } catch { return; }
          continue;
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 60000);
      }
    }
  })();
}

//! Moves the widget to the proactive conversation that arrived while the customer browsed.
// Not while a message of the current conversation is on its way (its answer belongs there): it
// waits for the next poll. The new case is read before anything is reset, so a failed read
// loses nothing.
async function adoptProactive() {
  const m = w.proactiveNext;
  if (!m || m.case_id === w.caseId) { w.proactiveNext = null; return; }
  const later = () => { clearTimeout(w.adoptTimer); w.adoptTimer = setTimeout(() => { if (!w.open) adoptProactive(); }, 1000); };
  w.store.reload();
  if (w.pumping || (w.store.get('outbox') || []).length) { later(); return; }
  let c;
  try { c = await api.getCase(m.case_id, m.session_token); } catch { later(); return; }
  if (w.proactiveNext !== m || w.open) return;
  if (w.pumping) { later(); return; }
  w.proactiveNext = null;
  resetConversation();
  w.caseId = m.case_id;
  w.token = m.session_token;
  w.status = c.status;
  w.store.set({ caseId: w.caseId, token: w.token, customerKey: w.customerKey, lastId: 0 });
  renderTranscript(c.messages || []);
  showProactive(m);
  w.store.broadcast({ type: 'session' });
}

function openedProactive() {
  const p = w.proactive;
  w.proactive = null;
  ui.badge.hidden = true;
  ui.launcher.setAttribute('aria-label', w.t('launcher_open'));
  if (p && w.caseId === p.case_id) api.postSeen(w.caseId, w.token).catch(() => {});
}

async function identifyAs(user) {
  const identity = identityOf(user);
  if (!identity) return;
  const key = keyOf(identity);
  w.identity = identity;
  const known = w.store.get('customerKey');
  try {
    if (w.caseId && known && known === key) {                  // same customer, same case
      // A returning visit: a customer token to hear of messages the shop sent meanwhile.
      const res = await api.identify(w.caseId, w.token, identity);
      if (res.customer_token) watchProactive(res.customer_token);
      return;
    }
    if (w.caseId && !known) {                                  // anonymous so far: attach
      w.customerKey = key;
      const res = await api.identify(w.caseId, w.token, identity);
      w.store.set({ customerKey: key });
      if (res.customer_token) watchProactive(res.customer_token);
      return;
    }
    // A different customer (or none yet): their own open case continues.
    resetConversation();
    w.customerKey = key;
    await ensureSession();
  } catch (err) {
    console.warn('seam: identify failed', err.message);
  }
}

//! Forgets the session (the outbox and page events stay: they go to the next session).
function resetConversation({ keepLog = false } = {}) {
  stopPolling();
  w.caseId = null; w.token = null; w.lastId = 0; w.status = 'open'; w.agentJoined = false;
  w.store.reload();
  const outbox = w.store.get('outbox') || [];
  const pageEvents = w.store.get('pageEvents') || [];
  w.store.clear();
  w.store.set({ outbox, pageEvents });
  if (w.log && !keepLog) {
    w.log.clear();
    w.pendingNodes.clear();
    for (const item of outbox) {
      w.pendingNodes.set(item.client_id, w.log.message({ sender: 'customer', text: item.label }, { pending: true }));
    }
  }
}

// [SECTION] Outbox
function randomId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function sendComposer() {
  const text = ui.input.value.trim();
  if (!text) return;
  ui.input.value = '';
  autoGrow();
  send({ text });
}

//! Queues one customer message (text or a quick-reply choice) and starts delivery.
function send({ text, choice, label }) {
  const item = { client_id: randomId() };
  if (choice) item.choice = choice; else item.text = text;
  item.label = label || text || choice;
  w.log.disableReplies();
  const node = w.log.message({ sender: 'customer', text: item.label }, { pending: true });
  w.pendingNodes.set(item.client_id, node);
  // The server stores a choice as its value: remember the label for restores and long polls.
  w.unconfirmed.push({ text: item.choice ? item.label : item.text, at: Date.now() });
  w.store.reload();
  const labels = { ...(w.store.get('labels') || {}) };
  if (item.choice) labels[item.choice] = item.label;
  w.store.set({ outbox: [...(w.store.get('outbox') || []), item], replies: null, labels });
  w.store.broadcast({ type: 'queued', item });
  if (w.brain && (w.store.get('outbox') || []).length === 1) previewLocally(item);
  pump();
}

async function pump() {
  if (w.pumping || !w.booted) return;
  w.pumping = true;
  clearTimeout(w.retryTimer);
  try {
    for (;;) {
      w.store.reload();
      const outbox = w.store.get('outbox') || [];
      if (!outbox.length) break;
      if (!navigator.onLine) { showOffline(); break; }
      const item = outbox[0];
      const node = w.pendingNodes.get(item.client_id);
      setTyping(true);
      let res;
      try {
        await ensureSession();
        const input = { client_id: item.client_id };
        // A tapped reply sends its value and the label the customer saw (stored as said).
        if (item.choice) { input.choice = item.choice; input.text = item.label; } else input.text = item.text;
        if (w.brain) input.with_state = true;   // keeps the local brain on the server's state
        res = await api.postTurn(w.caseId, w.token, input);
      } catch (err) {
        setTyping(false);
        if (api.isRetryable(err)) { scheduleRetry(); break; }
        if (err.status === 401 || err.status === 404) {  // session expired or case gone
          resetConversation({ keepLog: true });
          continue;
        }
        w.log.setStatus(node, 'failed');
        dropFromOutbox(item.client_id);
        w.log.note(w.t('error'));
        continue;
      }
      setTyping(false);
      w.backoff = 1000;
      dropFromOutbox(item.client_id);
      w.log.setStatus(node, null);
      if (w.brain && res.state) w.brain.setState(res.state);
      renderTurn(res);
      clearPreview();
      w.store.broadcast({ type: 'turn', client_id: item.client_id, res });
    }
  } finally {
    w.pumping = false;
  }
}

function dropFromOutbox(clientId) {
  w.store.reload();
  w.store.set({ outbox: (w.store.get('outbox') || []).filter((x) => x.client_id !== clientId) });
  w.pendingNodes.delete(clientId);
}

function scheduleRetry() {
  clearTimeout(w.retryTimer);
  w.retryTimer = setTimeout(pump, w.backoff);
  w.backoff = Math.min(w.backoff * 2, 30000);
}

function setTyping(on) {
  ui.typing.hidden = !on;
  if (on) w.log.scroll();
}

// [SECTION] Turns
function bumpLastId(messages) {
  for (const m of messages || []) if (Number(m.id) > w.lastId) w.lastId = Number(m.id);
  w.store.set({ lastId: w.lastId });
}

//! Renders the effects of one turn; say effects take the ids of the turn's bot messages.
function renderTurn(res) {
  const bots = (res.messages || []).filter((m) => m.sender !== 'customer');
  const used = new Set();
  for (const e of res.effects || []) {
    if (e.type === 'say') {
      const match = bots.find((m) => !used.has(m.id) && m.text === e.text);
      if (match) used.add(match.id);
      if (adoptPreview(e.text, match ? match.id : undefined)) continue;
      if (w.log.message({ sender: 'bot', text: e.text, id: match ? match.id : undefined })) {
        emit('message', { sender: 'bot', text: e.text });
      }
    } else if (e.type === 'replies') {
      w.log.replies(e.options || []);
      w.store.set({ replies: e.options || [] });
    } else if (e.type === 'handoff') {
      w.log.note(w.t('agent_waiting'));
      emit('handoff', { queue: e.queue, reason: e.reason });
    } else if (e.type === 'end') {
      resolved(e.outcome);
    }
  }
  for (const m of bots) if (!used.has(m.id)) showMessage(m);
  bumpLastId(res.messages);
  setStatus(res.status);
}

function setStatus(status) {
  if (!status) return;
  w.status = status;
  if (status === 'waiting_agent' || status === 'with_agent') startPolling();
  if (status === 'resolved' || status === 'closed') {
    stopPolling();
    resolved('resolved');
  }
}

function resolved(outcome) {
  if (w.store.get('resolvedShown') === w.caseId) {
    if (!w.store.get('csatDone')) w.log.csat();
    return;
  }
  w.store.set({ resolvedShown: w.caseId });
  w.log.note(w.t('resolved'));
  if (!w.store.get('csatDone')) w.log.csat();
  emit('resolved', { outcome: outcome || 'resolved' });
}

async function rate(n) {
  try {
    await api.postCsat(w.caseId, w.token, n);
    w.store.set({ csatDone: true });
    return true;
  } catch (err) {
    w.log.note(w.t('error'));
    return false;
  }
}

//! One stored message (restore, long poll, another tab).
function showMessage(m) {
  if (m.sender === 'system') {   // the case changed hands or closed (e.g. an agent resolved it)
    w.log.ids.add(String(m.id));
    api.getCase(w.caseId, w.token).then((c) => setStatus(c.status)).catch(() => {});
    return;
  }
  if (m.sender === 'customer') {   // our own message, echoed by the long poll: already shown
    w.unconfirmed = w.unconfirmed.filter((u) => Date.now() - u.at < 120000);
    const i = w.unconfirmed.findIndex((u) => u.text === m.text);
    if (i >= 0) { w.unconfirmed.splice(i, 1); w.log.ids.add(String(m.id)); return; }
    m = { ...m, text: labelOf(m.text) };
  }
  if (m.sender === 'agent' && !w.agentJoined) {
    w.agentJoined = true;
    w.log.note(w.t('agent_joined', { name: m.agent_name || displayName(m.agent) || w.t('agent') }), 'joined');
  }
  if (w.log.message(m) && m.sender !== 'customer') emit('message', { sender: m.sender, text: m.text });
}

// [SECTION] Agent polling
function startPolling() {
  if (w.polling || !w.caseId) return;
  const ctrl = new AbortController();
  w.polling = ctrl;
  (async () => {
    let delay = 1000;
    while (!ctrl.signal.aborted) {
      if (!navigator.onLine) { await sleep(2000); continue; }
      try {
        const res = await api.getMessages(w.caseId, w.token, w.lastId, 25, ctrl.signal);
        delay = 1000;
        const msgs = res.messages || [];
        msgs.forEach(showMessage);
        bumpLastId(msgs);
        if (!msgs.length) {   // quiet for a while: has the agent resolved the case?
          const c = await api.getCase(w.caseId, w.token);
          if (c.status !== w.status) { stopPolling(); setStatus(c.status); return; }
        }
      } catch (err) {
        if (ctrl.signal.aborted) return;
        await sleep(delay);
        delay = Math.min(delay * 2, 30000);
      }
    }
  })();
}

function stopPolling() {
  if (w.polling) w.polling.abort();
  w.polling = null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// [SECTION] Restore and tabs
function labelOf(text) {
  const labels = (w.store && w.store.get('labels')) || {};
  return Object.prototype.hasOwnProperty.call(labels, text) ? labels[text] : text;
}

function renderTranscript(messages) {
  for (const m of messages) {
    if (m.sender === 'customer') w.log.message({ ...m, text: labelOf(m.text) });
    else showMessage(m);
  }
  bumpLastId(messages);
}

async function restore() {
  w.caseId = w.store.get('caseId') || null;
  w.token = w.store.get('token') || null;
  w.lastId = 0;
  w.customerKey = w.store.get('customerKey') || null;
  if (w.caseId && w.token) {
    try {
      const c = await api.getCase(w.caseId, w.token);
      w.restoredState = c.state;
      renderTranscript(c.messages || []);
      const replies = w.store.get('replies');
      if (replies && replies.length && c.status === 'open') w.log.replies(replies);
      setStatus(c.status);
      w.events.flush();
    } catch (err) {
      if (!api.isRetryable(err)) resetConversation();
    }
  }
  for (const item of w.store.get('outbox') || []) {
    const node = w.log.message({ sender: 'customer', text: item.label }, { pending: true });
    w.pendingNodes.set(item.client_id, node);
  }
}

function onTabMessage(msg) {
  if (!w.booted || !msg) return;
  if (msg.type === 'session') {
    w.store.reload();
    if (!w.caseId) { w.caseId = w.store.get('caseId'); w.token = w.store.get('token'); }
    w.events.flush();
  } else if (msg.type === 'queued') {
    const node = w.log.message({ sender: 'customer', text: msg.item.label }, { pending: true });
    w.pendingNodes.set(msg.item.client_id, node);
  } else if (msg.type === 'turn') {
    w.store.reload();
    w.caseId = w.store.get('caseId'); w.token = w.store.get('token');
    w.log.setStatus(w.pendingNodes.get(msg.client_id), null);
    w.pendingNodes.delete(msg.client_id);
    renderTurn(msg.res);
  }
}

// [SECTION] Host events
function emit(name, data) { toParent({ type: 'event', name, data }); }

// Page events wait in the frame's storage until there is a conversation, then go to seamd with
// it (track.js); one that arrives while the widget is still booting waits for the store.
function track(name, props) {
  if (w.events) w.events.add(name, props);
  else (early.tracks = early.tracks || []).push([name, props]);
}

function shutdown() {
  stopPolling();
  if (w.proactiveWatch) w.proactiveWatch.abort();
  clearTimeout(w.retryTimer);
}

// [SECTION] Local brain (progressive enhancement, off unless boot passes localBrain: true)
// Previews are ordinary log nodes marked .is-preview; the server's answer adopts a preview with
// the same text (so screen readers hear it once) and removes the rest.
async function loadBrain() {
  try {
    const mod = await import('./local-brain.js');
    w.brain = await mod.loadLocalBrain({ locale: w.t.lang });
    if (w.brain && w.restoredState) w.brain.setState(w.restoredState);
    if (w.brain) performance.mark('seam:brain-ready');
    document.body.dataset.localBrain = w.brain ? 'ready' : 'off';
  } catch (err) {
    w.brain = null;
  }
}

function previewLocally(item) {
  const effects = item.choice ? w.brain.previewChoice(item.choice) : w.brain.previewText(item.text);
  w.previewNodes = [];
  for (const e of effects) {
    if (e.type === 'say') {
      const node = w.log.message({ sender: 'bot', text: e.text });
      if (node) { node.classList.add('is-preview'); w.previewNodes.push({ node, text: e.text }); }
    } else if (e.type === 'replies') {
      const node = w.log.replies(e.options || []);
      node.classList.add('is-preview');
    }
  }
}

function adoptPreview(text, id) {
  const list = w.previewNodes || [];
  const i = list.findIndex((p) => p.text === text);
  if (i < 0) return false;
  const [{ node }] = list.splice(i, 1);
  node.classList.remove('is-preview');
  if (id != null) { node.dataset.id = String(id); w.log.ids.add(String(id)); }
  emit('message', { sender: 'bot', text });
  return true;
}

function clearPreview() {
  for (const p of w.previewNodes || []) p.node.remove();
  w.previewNodes = [];
}
