// Following a session's state over REST while no socket can tell: waiting for an approval, or for a resume after a
// suspension. Polls the session view with backoff (0.5 s, ×1.5, at most 4 s); any node answers it from the database.
import { api } from '/assets/api.js';

const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 4000;

/**
 * Calls `onView(view)` with each session view until `done(view)` is true (then once more with that view).
 * Returns a function that stops watching.
 */
export function watchSession(sessionId, { done, onView }) {
  let stopped = false;
  let timer = null;
  let delay = FIRST_POLL_MS;
  const poll = async () => {
    let view = null;
    try {
      view = await api('GET', `/api/v1/sessions/${sessionId}`);
      delay = Math.min(delay * 1.5, MAX_POLL_MS);
    } catch {
      delay = MAX_POLL_MS;
    }
    if (stopped) return;
    if (view) onView(view);
    if (!view || !done(view)) timer = setTimeout(poll, delay);
  };
  timer = setTimeout(poll, delay);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
