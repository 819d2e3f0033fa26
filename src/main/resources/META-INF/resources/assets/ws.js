// WebSockets to this gateway: the same host and port as the page, wss when the page is https. The session
// cookie goes with the upgrade, so the resident's activity feed and the ops feed need no token in JS.

/** The ws(s):// URL of `path` on this gateway. */
export function socketUrl(path) {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new TypeError('openSocket() takes an absolute path on this gateway');
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** A WebSocket on `path` (e.g. `/ws/homes/${id}/activity`), with optional subprotocols. */
export function openSocket(path, protocols) {
  return protocols === undefined ? new WebSocket(socketUrl(path)) : new WebSocket(socketUrl(path), protocols);
}
