// The pages' one way to call the gateway's REST API: same-origin, the session cookie (never a token in JS),
// the CSRF header, JSON in and out; problem+json errors become ApiError.

export const CSRF_HEADER = 'X-Chaperone-Request';

export class ApiError extends Error {
  constructor(status, problem, body) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code || null;
    this.title = problem.title || null;
    this.detail = problem.detail || null;
    this.body = body;
  }
}

/** Where the sign-in page sends the browser back to afterwards. */
export function signInUrl(next = location.pathname + location.search) {
  return '/signin/?next=' + encodeURIComponent(next);
}

/**
 * api('POST', '/api/v1/sessions/…/approve', {…}) → parsed JSON, or null for 204/empty.
 * Throws ApiError; on 401 `unauthenticated` the browser goes to the sign-in page first.
 */
export async function api(method, path, body, { headers = {}, redirectOnSignIn = true } = {}) {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError('api() takes an absolute path on this gateway');
  }
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json', [CSRF_HEADER]: '1', ...headers },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = text; }
  }
  if (!response.ok) {
    const problem = parsed && typeof parsed === 'object' ? parsed : { title: response.statusText, detail: text };
    const error = new ApiError(response.status, problem, parsed);
    if (response.status === 401 && error.code === 'unauthenticated' && redirectOnSignIn) {
      location.assign(signInUrl());
    }
    throw error;
  }
  return parsed;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body, options);
export const put = (path, body, options) => api('PUT', path, body, options);
export const del = (path, options) => api('DELETE', path, undefined, options);

/** The signed-in caller ({subject, name, role, org?, mfa, authTime, expiresAt}) or null, without redirecting. */
export async function currentSession() {
  try {
    return await api('GET', '/auth/session', undefined, { redirectOnSignIn: false });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** Signs out (the cookie is removed) and goes to the landing page. */
export async function signOut(to = '/') {
  await api('POST', '/auth/sign-out', undefined, { redirectOnSignIn: false });
  location.assign(to);
}
