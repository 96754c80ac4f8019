// The console's one way to call tallyd's API: same origin, the session cookie, and the
// CSRF token on every request that changes state. Answers { ok, status, body, message }.
let csrfToken = '';
// The oldest state (log length) a shared document fetched since startShowing() shows: its
// ETag is "<log length>-<document>". tallyd may answer a busy document's last rendering
// (docs/console.md, "Live"); the page then asks again.
let oldestShown = Infinity;

export function startShowing() {
  oldestShown = Infinity;
}

export function shownLogLength() {
  return oldestShown;
}

export function setCsrfToken(token) {
  csrfToken = token || '';
}

export async function api(method, path, body) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    return {
      ok: false,
      status: 0,
      body: null,
      message: `tallyd cannot be reached: ${error.message}`
    };
  }
  const shows = /^(?:W\/)?"(\d+)/.exec(response.headers.get('ETag') ?? '');
  if (shows) oldestShown = Math.min(oldestShown, Number(shows[1]));
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  const message = parsed && parsed.error ? `E${parsed.error.code} ${parsed.error.message}` :
                                           `HTTP ${response.status}`;
  return {ok: response.ok, status: response.status, body: parsed, message};
}
