// demo/account.js — Ana Lima's signed-in account page. The demo site's server vouches for her
// (POST /demo/identity → a short-lived identity JWT signed with the site secret); the page boots
// the widget identified with that token, and lists her orders with a customer token from
// POST /v1/sessions {channel: 'account', identity: {token}} → GET /v1/me/orders.
window.Seam = window.Seam || function () { (Seam.q = Seam.q || []).push(arguments); };

const hello = document.getElementById('hello');

async function json(method, url, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((data.error && data.error.message) || `HTTP ${res.status}`);
  return data;
}

function cell(row, text, cls) {
  const td = document.createElement('td');
  if (cls) td.className = cls;
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function money(total, currency) {
  try { return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(total); } catch { return `${total} ${currency}`; }
}

async function main() {
  let token;
  try {
    ({ token } = await json('POST', '/demo/identity', { customer: 'demo-ana' }));
  } catch (err) {
    hello.textContent = `Could not sign you in (${err.message}).`;
    hello.classList.add('error');
    Seam('boot', { siteId: 'demo', locale: 'en', theme: { color: '#1f5f46' } });
    return;
  }
  Seam('boot', { siteId: 'demo', locale: 'en', theme: { color: '#1f5f46' }, user: { token } });
  try {
    const session = await json('POST', '/v1/sessions', { channel: 'account', locale: 'en', identity: { token } });
    const me = await json('GET', '/v1/me/orders', null, session.customer_token);
    const name = (me.customer && (me.customer.name || me.customer.first_name)) || 'Ana Lima';
    hello.textContent = `Welcome back, ${name}. Here are your recent orders.`;
    const rows = document.getElementById('order-rows');
    for (const o of me.orders || []) {
      const tr = document.createElement('tr');
      cell(tr, o.number);
      cell(tr, o.placed_on);
      cell(tr, o.items || '');
      const st = cell(tr, '');
      const pill = document.createElement('span');
      pill.className = 'pill';
      pill.textContent = o.carrier ? `${o.status} · ${o.carrier}` : o.status;
      st.appendChild(pill);
      cell(tr, money(o.total, o.currency || 'USD'), 'hide-small');
      rows.appendChild(tr);
    }
    document.getElementById('orders').hidden = false;
    Seam('track', 'viewed_orders', { count: (me.orders || []).length });   // the agent sees it
  } catch (err) {
    hello.textContent = `Could not load your orders (${err.message}).`;
    hello.classList.add('error');
  }
}

main();
