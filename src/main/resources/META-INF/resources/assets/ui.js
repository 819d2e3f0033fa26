// Small DOM helpers. Build DOM with these (textContent only): the CSP and the contract forbid innerHTML with data.

/**
 * el('button', {class: 'primary', type: 'button', onclick: fn, dataset: {id}}, 'Approve') → HTMLElement.
 * Attributes whose value is false/null/undefined are left out; `on…` functions become listeners; strings and
 * numbers among the children become text nodes.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'class') {
      node.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (name === 'text') {
      node.textContent = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Removes every child of `node`; returns it. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Replaces the children of `node` with `children`. */
export function replace(node, ...children) {
  clear(node);
  append(node, children);
  return node;
}

let liveRegion;
/** Says `text` to screen readers through one polite aria-live region (created on first use). */
export function announce(text, { assertive = false } = {}) {
  if (!liveRegion || !liveRegion.isConnected) {
    liveRegion = el('div', { class: 'visually-hidden', 'aria-live': 'polite', role: 'status', id: 'chaperone-announcer' });
    document.body.append(liveRegion);
  }
  liveRegion.setAttribute('aria-live', assertive ? 'assertive' : 'polite');
  liveRegion.textContent = '';
  // A new text node after a tick, so the same message twice is announced twice.
  setTimeout(() => { liveRegion.textContent = text; }, 50);
}

/** 3725 → "1 h 2 min", 95 → "1 min 35 s", 0 → "0 s". */
export function formatDuration(seconds) {
  const total = Math.max(0, Math.round(Number(seconds) || 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

/** Seconds from now until the ISO instant (never negative). */
export function secondsUntil(isoInstant, now = Date.now()) {
  return Math.max(0, Math.floor((Date.parse(isoInstant) - now) / 1000));
}

/** "12 min 5 s left", or "ended" once the instant has passed. */
export function timeLeft(isoInstant, now = Date.now()) {
  const seconds = secondsUntil(isoInstant, now);
  return seconds > 0 ? `${formatDuration(seconds)} left` : 'ended';
}

/** A local, readable date and time for an ISO instant. */
export function formatInstant(isoInstant) {
  if (!isoInstant) return '';
  return new Date(isoInstant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Shows an error (ApiError or any Error) in `node` (an element with role="alert"). */
export function showError(node, error) {
  const text = error && error.code ? `${error.detail || error.title || 'Something went wrong'} (${error.code})`
    : (error && error.message) || String(error);
  replace(node, text);
}
