// widget/api.js — the widget's client of seamd's /v1 API (same origin as the frame).
// Every call returns parsed JSON or throws: ApiError (the server answered with an error; has
// .status and .code) or a TypeError from fetch (network down: the caller queues and retries).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(`${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, { token, body, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, {
    method, headers, signal, credentials: 'omit', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch { /* empty or not JSON */ }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || 'seam.widget.http', err.message || `HTTP ${res.status}`);
  }
  return data;
}

//! POST /v1/sessions → {case, session_token, customer_token?}
export function createSession({ locale, identity }) {
  const body = { locale, channel: 'widget' };
  if (identity) body.identity = identity;
  return call('POST', '/v1/sessions', { body });
}

//! POST /v1/cases/{id}/turns {text}|{choice} + client_id (repeats are ignored by the server).
export function postTurn(caseId, token, input) {
  return call('POST', `/v1/cases/${encodeURIComponent(caseId)}/turns`, { token, body: input });
}

export function getCase(caseId, token) {
  return call('GET', `/v1/cases/${encodeURIComponent(caseId)}`, { token });
}

//! Long poll: answers at once when there are messages after `after`, else within `wait` s.
export function getMessages(caseId, token, after, wait, signal) {
  const q = `after=${encodeURIComponent(after || 0)}&wait=${wait}`;
  return call('GET', `/v1/cases/${encodeURIComponent(caseId)}/messages?${q}`, { token, signal });
}

export function postCsat(caseId, token, rating) {
  return call('POST', `/v1/cases/${encodeURIComponent(caseId)}/csat`, { token, body: { rating } });
}

//! POST /v1/cases/{id}/events {name, props}: a page event (Seam('track')) for the agent to see.
export function postEvent(caseId, token, event) {
  return call('POST', `/v1/cases/${encodeURIComponent(caseId)}/events`, { token, body: event });
}

//! Long poll: the signed-in customer's proactive messages not opened yet (customer token).
export function getProactive(customerToken, after, wait, signal) {
  const q = `after=${encodeURIComponent(after || 0)}&wait=${wait}`;
  return call('GET', `/v1/me/proactive?${q}`, { token: customerToken, signal });
}

//! POST /v1/cases/{id}/seen: the customer opened the case's proactive message.
export function postSeen(caseId, token) {
  return call('POST', `/v1/cases/${encodeURIComponent(caseId)}/seen`, { token, body: {} });
}

export function identify(caseId, token, identity) {
  return call('POST', `/v1/cases/${encodeURIComponent(caseId)}/identify`, { token, body: { identity } });
}

//! True when the error means "try again later" (network, rate limit, server busy).
export function isRetryable(err) {
  if (!(err instanceof ApiError)) return true;
  return err.status === 429 || err.status === 503 || err.status === 502 || err.status === 504;
}
