// A session before the terminal: the request's live status, followed (watch.js) until the resident decides.
import { api } from '/assets/api.js';
import { el, clear } from '/assets/ui.js';
import { show, status } from './main.js';
import { openConsole } from './console.js';
import { watchSession } from './watch.js';

const WAITING = new Set(['requested', 'suspended']);
const CONNECTABLE = new Set(['approved', 'active']);
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
  const view = await api('GET', `/api/v1/sessions/${sessionId}`);
  if (CONNECTABLE.has(view.state)) return openConsole(view);
  let stop = () => {};
  show('wait', () => stop());
  const cancel = document.getElementById('wait-cancel');
  cancel.onclick = async () => {
    cancel.disabled = true;
    render(await api('POST', `/api/v1/sessions/${sessionId}/cancel`).catch(() => view));
  };
  render(view);
  if (!WAITING.has(view.state)) return undefined;
  stop = watchSession(sessionId, {
    done: (v) => !WAITING.has(v.state),
    onView: (v) => {
      if (!CONNECTABLE.has(v.state)) return render(v);
      status('The resident approved the session.');
      return openConsole(v);
    },
  });
  return undefined;
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
