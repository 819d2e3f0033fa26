// A session request: hub, template, the operations on devices the template allows on that hub, duration, reason.
import { api, ApiError } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { el, clear } from '/assets/ui.js';
import { go, show, status } from './main.js';

export async function showRequest(ticketId) {
  show('request');
  const form = document.getElementById('request-form');
  const hubSelect = document.getElementById('request-hub');
  const templateSelect = document.getElementById('request-template');
  const error = document.getElementById('request-error');
  error.textContent = '';
  status('Loading the ticket…');
  const [ticket, hubs, templates] = await Promise.all([api('GET', `/api/v1/tickets/${ticketId}`),
    api('GET', `/api/v1/tickets/${ticketId}/hubs`), api('GET', '/api/v1/templates')]);
  document.getElementById('request-ticket').textContent = `Ticket: ${ticket.summary}`;
  clear(hubSelect);
  for (const hub of hubs) {
    const trust = hub.quarantined ? 'quarantined' : hub.online ? 'online' : 'offline';
    hubSelect.append(el('option', { value: hub.id }, `${hub.name} (${trust}, ${hub.devices.length} devices)`));
  }
  if (hubs.length === 0) hubSelect.append(el('option', { value: '' }, 'This home has no hub yet'));
  form.querySelector('button[type=submit]').disabled = hubs.length === 0;
  const online = hubs.find((h) => h.online && !h.quarantined);
  if (online) hubSelect.value = online.id;
  clear(templateSelect);
  for (const t of templates) templateSelect.append(el('option', { value: t.id }, t.name));

  const refresh = () => renderOperations(hubs.find((h) => h.id === hubSelect.value),
    templates.find((t) => t.id === templateSelect.value));
  hubSelect.onchange = refresh;
  templateSelect.onchange = refresh;
  refresh();
  status('');

  form.onsubmit = async (event) => {
    event.preventDefault();
    error.textContent = '';
    const grants = chosenGrants();
    const minutes = Number(document.getElementById('request-duration').value);
    const reason = document.getElementById('request-reason').value.trim();
    if (grants.length === 0) return fail('Choose at least one operation.');
    if (!Number.isInteger(minutes) || minutes < 1) return fail('Give the duration in whole minutes.');
    if (!reason) return fail('Say why: the resident reads it before deciding.');
    const body = { ticketId, hubId: hubSelect.value, templateId: templateSelect.value, durationMinutes: minutes,
      reason, scope: { grants } };
    try {
      const created = await withStepUp(() => api('POST', '/api/v1/sessions', body));
      go(`?session=${created.id}`);
    } catch (e) {
      fail(e instanceof ApiError ? `${e.detail ?? e.title} (${e.code})` : 'The request could not be sent.');
    }
  };

  function fail(text) {
    error.textContent = text;
    document.getElementById('request-error').focus?.();
  }
}

/** One checkbox per (device, operation) the template allows on the hub; none ticked: ask only for what you need. */
function renderOperations(hub, template) {
  const list = document.getElementById('request-ops-list');
  clear(list);
  const duration = document.getElementById('request-duration');
  if (!hub || !template) return;
  document.getElementById('request-template-text').textContent = template.description ?? '';
  duration.max = String(template.maxDurationMinutes);
  duration.value = String(Math.min(30, template.maxDurationMinutes));
  document.getElementById('request-duration-hint').textContent = `At most ${template.maxDurationMinutes} minutes.`;
  const devices = hub.devices.filter((d) => template.deviceKinds.includes(d.kind));
  document.getElementById('request-ops-empty').hidden = devices.length > 0;
  for (const device of devices) {
    const group = el('fieldset', { class: 'device-ops' }, el('legend', {}, `${device.id} (${device.kind}, ${device.status})`));
    for (const op of template.ops) {
      const id = `op-${device.id}-${op}`.replace(/[^A-Za-z0-9_-]/g, '_');
      const box = el('input', { type: 'checkbox', id, 'data-device': device.id, 'data-op': op });
      group.append(el('div', { class: 'check' }, box, el('label', { for: id }, op)));
    }
    list.append(group);
  }
}

function chosenGrants() {
  const byDevice = new Map();
  for (const box of document.querySelectorAll('#request-ops-list input[type=checkbox]:checked')) {
    const ops = byDevice.get(box.dataset.device) ?? [];
    ops.push(box.dataset.op);
    byDevice.set(box.dataset.device, ops);
  }
  return [...byDevice].map(([device, ops]) => ({ devices: [device], ops }));
}
