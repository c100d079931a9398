// widget/render.js — builds the conversation log's DOM. Customer, bot and agent text is only
// ever set with textContent (never innerHTML). A knowledge answer whose text carries a help
// article path, e.g. "… (/help/returns-policy#condition)", becomes a card with a link.

const HELP_LINK = /\s*\((\/(?:[a-z]{2}\/)?help\/[A-Za-z0-9_\-/#.]+)\)\s*$/;

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class Log {
  constructor(root, t, { helpBase, onReply, onRate }) {
    this.root = root;
    this.t = t;
    this.helpBase = helpBase;
    this.onReply = onReply;
    this.onRate = onRate;
    this.ids = new Set();
  }

  scroll() { this.root.scrollTop = this.root.scrollHeight; }

  append(node) {
    this.root.appendChild(node);
    this.scroll();
    return node;
  }

  has(id) { return id != null && this.ids.has(String(id)); }

  //! A message {sender, text, id?, agent?}; returns the node (or null if already shown).
  message({ sender, text, id, agent, agent_name: agentName }, { pending = false } = {}) {
    if (id != null) {
      if (this.has(id)) return null;
      this.ids.add(String(id));
    }
    const who = sender === 'customer' ? 'customer' : sender === 'agent' ? 'agent' : 'bot';
    const m = HELP_LINK.exec(text || '');
    if (who === 'bot' && m) return this.append(this.card(text.slice(0, m.index), m[1], id));
    const node = el('div', `msg ${who}`);
    if (id != null) node.dataset.id = String(id);
    const label = who === 'customer' ? this.t('you') : who === 'agent' ? agentName || displayName(agent) || this.t('agent') : this.t('assistant');
    node.appendChild(el('span', who === 'agent' ? 'who' : 'visually-hidden', `${label}: `));
    node.appendChild(el('span', 'text', text || ''));
    if (who === 'customer') {
      const status = el('span', 'status');
      node.appendChild(status);
      this.setStatus(node, pending ? 'sending' : null);
    }
    return this.append(node);
  }

  //! Shows "sending…", "not sent" or nothing under a customer bubble.
  setStatus(node, status) {
    if (!node) return;
    const s = node.querySelector('.status');
    node.classList.toggle('is-pending', status === 'sending');
    node.classList.toggle('is-failed', status === 'failed');
    node.dataset.status = status || 'sent';
    if (s) s.textContent = status ? this.t(status) : '';
  }

  card(text, path, id) {
    const node = el('article', 'card');
    if (id != null) node.dataset.id = String(id);
    node.appendChild(el('p', 'card-label', this.t('knowledge')));
    node.appendChild(el('p', 'card-text', text));
    const a = el('a', null, this.t('read_article'));
    a.href = new URL(path, this.helpBase).href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    node.appendChild(a);
    return node;
  }

  note(text, cls = '') {
    return this.append(el('p', `note ${cls}`.trim(), text));
  }

  //! Quick replies: a group of buttons; picking one disables the group.
  replies(options) {
    this.disableReplies();
    const group = el('div', 'replies');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', this.t('replies_label'));
    for (const opt of options) {
      const b = el('button', 'reply', opt.label || opt.value);
      b.type = 'button';
      b.addEventListener('click', () => {
        this.disableReplies();
        this.onReply(opt);
      });
      group.appendChild(b);
    }
    return this.append(group);
  }

  disableReplies() {
    this.root.querySelectorAll('.replies:not([data-done])').forEach((g) => {
      g.dataset.done = '1';
      g.remove();
    });
  }

  //! The 1–5 satisfaction prompt after a resolution.
  csat() {
    if (this.root.querySelector('.csat')) return null;
    const box = el('fieldset', 'csat');
    box.appendChild(el('legend', null, this.t('csat_question')));
    const row = el('div', 'stars');
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', this.t('csat_label'));
    for (let n = 1; n <= 5; n += 1) {
      const b = el('button', null, String(n));
      b.type = 'button';
      b.setAttribute('aria-label', this.t('csat_option', { n }));
      b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', async () => {
        row.querySelectorAll('button').forEach((x) => { x.disabled = true; });
        b.setAttribute('aria-pressed', 'true');
        const ok = await this.onRate(n);
        if (ok) {
          box.appendChild(el('p', 'note', this.t('csat_thanks')));
          this.scroll();
        }
        else row.querySelectorAll('button').forEach((x) => { x.disabled = false; });
      });
      row.appendChild(b);
    }
    box.appendChild(row);
    return this.append(box);
  }

  clear() {
    this.root.replaceChildren();
    this.ids.clear();
  }
}

export function displayName(login) {
  if (!login) return '';
  return String(login).charAt(0).toUpperCase() + String(login).slice(1);
}
