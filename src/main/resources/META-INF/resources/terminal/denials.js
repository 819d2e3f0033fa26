// Refused commands in words, with "Ask for escalation" where the resident could widen the scope.
import { api, ApiError } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { el } from '/assets/ui.js';
import { DENIAL_WORDS } from './commands.js';
import { watchSession } from './watch.js';

const sent = new Map();

/** Remembers what a command asked for, so a denial can name the device and operation. */
export function remember(id, device, op) {
  sent.set(id, { device, op });
}

export function showDenial(sessionId, frame) {
  const panel = document.getElementById('denials-panel');
  const list = document.getElementById('denials');
  const asked = sent.get(frame.id);
  panel.hidden = false;
  const what = asked ? `${asked.device} ${asked.op}` : frame.id;
  const item = el('li', { class: 'card denial', 'data-command': frame.id },
    el('p', { class: 'card-title' }, `${what} was refused`),
    el('p', {}, DENIAL_WORDS[frame.code] ?? frame.message ?? frame.code),
    el('p', { class: 'hint' }, `code ${frame.code}`));
  if (frame.escalatable && asked) item.append(escalationForm(sessionId, asked, frame.id));
  list.prepend(item);
}

function escalationForm(sessionId, asked, commandId) {
  const id = `esc-${commandId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const reason = el('input', { type: 'text', id, maxlength: '500' });
  reason.value = `needed to run ${asked.op} on ${asked.device}`;
  const state = el('p', { class: 'hint', 'aria-live': 'polite' });
  const button = el('button', { type: 'submit' }, 'Ask for escalation');
  const form = el('form', { class: 'form-stack escalation', 'data-device': asked.device, 'data-op': asked.op }, el('label', { for: id }, 'Why you need it'), reason, button, state);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const escalation = await withStepUp(() => api('POST', `/api/v1/sessions/${sessionId}/escalations`, {
        scope: { grants: [{ devices: [asked.device], ops: [asked.op] }] }, reason: reason.value.trim() || 'needed' }));
      state.textContent = 'Asked. The permissions change here as soon as the resident approves.';
      followDecision(sessionId, escalation.id, form);
    } catch (e) {
      button.disabled = false;
      state.textContent = `Not asked: ${e instanceof ApiError ? `${e.detail ?? e.title} (${e.code})` : e}`;
    }
  });
  return form;
}

/**
 * An approval arrives as a `session` frame on the socket; a refusal sends nothing to the technician, so the session
 * view is followed until the resident decided (or the form is gone with its console).
 */
function followDecision(sessionId, escalationId, form) {
  const decided = (view) => (view.escalations ?? []).find((e) => e.id === escalationId && e.state !== 'requested');
  watchSession(sessionId, {
    done: (view) => !form.isConnected || decided(view) !== undefined || !['approved', 'active', 'suspended'].includes(view.state),
    onView: (view) => {
      if (decided(view)?.state !== 'denied' || !form.isConnected) return;
      form.querySelector('p').textContent = 'The resident declined it. You may ask again with a better reason.';
      form.querySelector('button').disabled = false;
    },
  });
}

/** After a `session` frame: escalation forms whose device and operation the scope now holds say so. */
export function settleEscalations(frame) {
  const granted = (device, op) => (frame.scope?.grants ?? []).some((g) => g.devices.includes(device) && g.ops.includes(op));
  for (const form of document.querySelectorAll('#denials form.escalation')) {
    if (form.dataset.settled || !granted(form.dataset.device, form.dataset.op)) continue;
    form.dataset.settled = 'true';
    form.querySelector('button').disabled = true;
    form.querySelector('p').textContent = 'Approved: the resident allowed it; run the command again.';
  }
}
