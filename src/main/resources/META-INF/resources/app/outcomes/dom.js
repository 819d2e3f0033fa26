// Small DOM helpers for the outcome screens. Everything that came from the API is set as text, never as markup
// (the CSP forbids inline script, and a report or a comment must never become one).

// Elements are built with the shared helpers (/assets/ui.js: attributes set, text as text nodes).
import { el as h, clear as clearNode, replace, formatInstant } from '/assets/ui.js';

// replace(node, ...children) skips null/false children, as h() does (Element.append would print "null").
export { h, clearNode, replace };

/** A moment in the reader's own time zone and locale (the shared format), or a dash. */
export function when(iso) {
  return iso ? formatInstant(iso) : '—';
}

/** A machine time element with readable text. */
export function time(iso) {
  return iso ? h('time', { datetime: iso }, when(iso)) : '—';
}

/** The query parameter, or null. */
export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** Writes a message into the page's live region (role=status) so screen readers hear it. */
export function say(text, kind = 'info') {
  const region = document.getElementById('status');
  if (!region) return;
  region.dataset.kind = kind;
  region.textContent = text;
}

/** A problem from the API in plain words: our own sentence for a known code, else the API's detail. */
export function problemText(error, words = {}) {
  // Not an answer of the API (no HTTP status): a fault in the page itself; the console keeps it for whoever debugs.
  if (!error || error.status === undefined) console.error(error);
  if (error && error.code && words[error.code]) return words[error.code];
  if (error && error.detail) return error.detail;
  if (error && error.title) return error.title;
  return 'Something went wrong. Please try again.';
}
