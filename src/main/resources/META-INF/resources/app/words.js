// Plain words for what the API says in codes. The operation and data-class texts come from the gateway
// (GET /api/v1/operations, policy.OperationCatalogue); only states, times and error codes are worded here.

const STATES = {
  requested: 'waiting for your answer',
  approved: 'allowed, the technician has not connected yet',
  active: 'going on now',
  suspended: 'paused by your household',
  ended: 'finished',
  revoked: 'stopped by your household',
  expired: 'ran out of time',
  denied: 'refused',
  cancelled: 'withdrawn by the technician',
  terminated: 'stopped by the Chaperone operators',
};

export function stateInWords(state) {
  return STATES[state] || state;
}

export const LIVE_STATES = ['approved', 'active', 'suspended'];

export function isLive(state) {
  return LIVE_STATES.includes(state);
}

export function minutesInWords(total) {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  const parts = [];
  if (hours) parts.push(hours === 1 ? '1 hour' : `${hours} hours`);
  if (minutes || !hours) parts.push(minutes === 1 ? '1 minute' : `${minutes} minutes`);
  return parts.join(' ');
}

/** "14:05:09" in the browser's time zone. */
export function clock(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "3 Dec, 14:05". */
export function dayAndTime(iso) {
  return new Date(iso).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** Seconds left as "1:04:05" or "4:05"; "0:00" once past. */
export function countdown(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

export function capitalised(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const PROBLEMS = {
  step_up_required: 'Please confirm it is you, then try again.',
  mfa_required: 'Please sign in again with your one-time code, then try again.',
  not_found: 'This is no longer there. It may have been removed, or it belongs to another home.',
  invalid_transition: 'This was already answered, or the session has changed in the meantime. The page shows how it is now.',
  concurrent_update: 'Someone else in your household changed this at the same moment. Please look again and retry.',
  session_not_active: 'The session is not going on any more, so this cannot be done.',
  hub_quarantined: 'The hub failed its security check. Nothing can be allowed on it until it passes again.',
  hub_killed: 'The Chaperone operators have blocked this hub.',
  home_erased: "This home's data was erased; no new sessions can be allowed in it.",
  household_right_required: 'Your household owner has not given you the right to do this.',
  extension_decided: 'This request for more time was already answered.',
  extension_exceeds_maximum: 'That would make the session longer than the longest allowed.',
  redacted_by_template: 'This kind of session always keeps that hidden.',
  already_revealed: 'This is already shown to the technician.',
  already_hidden: 'This is already hidden.',
  claim_attempts_exceeded: 'That code was tried too often and no longer works. Ask for a new one.',
  csrf_rejected: 'The page could not prove the request came from it. Reload the page and try again.',
};

/** A readable sentence for any failure of an API call (ApiError from /assets/api.js, or a network error). */
export function problemInWords(error) {
  if (!error || error.status === undefined) {
    return 'Chaperone could not be reached. Check your connection and try again.';
  }
  if (PROBLEMS[error.code]) return PROBLEMS[error.code];
  if (error.status === 429) return 'Too many tries in a short time. Please wait a moment and try again.';
  if (error.status >= 500) return 'Something went wrong at Chaperone. Nothing was changed; please try again.';
  return error.detail || error.title || 'That did not work.';
}
