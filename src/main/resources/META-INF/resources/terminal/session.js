// A session before the terminal: the request's live status, polled with backoff until the resident decides.
import { api } from '/assets/api.js';
import { el, clear } from '/assets/ui.js';
import { show, status } from './main.js';
import { openConsole } from './console.js';

const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 4000;
const STATE_WORDS = {
  requested: 'The resident has not decided yet. This page notices the decision by itself.',
  approved: 'Approved. Connecting…',
  active: 'Active. Connecting…',
  suspended: 'The resident paused the session. It continues when they resume it.',
  denied: 'The resident declined the request.',
  cancelled: 'You withdrew the request.',
  expired: 'The request or session expired.',
  ended: 'The session ended.',
  revoked: 'The resident stopped the session.',
  terminated: 'An operator terminated the session.',
};

export async function showSession(sessionId) {
  let view = await api('GET', `/api/v1/sessions/${sessionId}`);
  if (view.state === 'approved' || view.state === 'active') return openConsole(view);
  let timer = null;
  let stopped = false;
  show('wait', () => {
    stopped = true;
    clearTimeout(timer);
  });
  const cancel = document.getElementById('wait-cancel');
  cancel.onclick = async () => {
    cancel.disabled = true;
    view = await api('POST', `/api/v1/sessions/${sessionId}/cancel`).catch(() => view);
    render(view);
  };
  render(view);
  let delay = FIRST_POLL_MS;
  const poll = async () => {
    if (stopped) return;
    try {
      view = await api('GET', `/api/v1/sessions/${sessionId}`);
      delay = view.state === 'requested' || view.state === 'suspended' ? Math.min(delay * 1.5, MAX_POLL_MS) : delay;
    } catch {
      delay = MAX_POLL_MS;
    }
    if (stopped) return;
    if (view.state === 'approved' || view.state === 'active') {
      status('The resident approved the session.');
      openConsole(view);
      return;
    }
    render(view);
    if (view.state === 'requested' || view.state === 'suspended') timer = setTimeout(poll, delay);
  };
  if (view.state === 'requested' || view.state === 'suspended') timer = setTimeout(poll, delay);
}

function render(view) {
  const waiting = view.state === 'requested';
  document.getElementById('wait-title').textContent = waiting ? 'Waiting for the resident' : 'Session request';
  document.getElementById('wait-state').textContent = `${STATE_WORDS[view.state] ?? view.state}`;
  document.getElementById('wait-cancel').hidden = !waiting;
  document.getElementById('wait-cancel').disabled = false;
  const facts = document.getElementById('wait-facts');
  clear(facts);
  const add = (term, value) => facts.append(el('dt', {}, term), el('dd', {}, value));
  add('State', view.state);
  add('Asked for', (view.requestedScope?.grants ?? []).map((g) => `${g.devices.join(', ')}: ${g.ops.join(', ')}`).join('; '));
  add('Duration', `${view.requestedDurationMinutes} minutes`);
  add('Reason', view.reason ?? '');
  if (waiting && view.requestExpiresAt) add('The request lapses at', new Date(view.requestExpiresAt).toLocaleTimeString());
  if (view.endReason) add('Why it ended', view.endReason);
}
