// The console's side panels, drawn from the latest `session` frame: permissions, time left, hub and devices.
import { el, clear, formatDuration } from '/assets/ui.js';

export function renderPermissions(frame) {
  const list = document.getElementById('permissions');
  clear(list);
  document.getElementById('perm-version').textContent = `Scope version ${frame.scope?.version ?? '?'}, as the resident approved it.`;
  const grants = frame.scope?.grants ?? [];
  if (grants.length === 0) list.append(el('li', {}, 'Nothing is allowed.'));
  for (const grant of grants) {
    for (const device of grant.devices) {
      list.append(el('li', { 'data-device': device }, el('strong', {}, device), `: ${grant.ops.join(', ')}`));
    }
  }
}

export function renderDevices(frame) {
  const hub = document.getElementById('hub-online');
  hub.textContent = frame.hubOnline === false ? 'The hub is offline.' : 'The hub is online.';
  hub.className = frame.hubOnline === false ? 'badge danger' : 'badge ok';
  const list = document.getElementById('devices');
  clear(list);
  for (const d of frame.devices ?? []) {
    list.append(el('li', { 'data-device': d.id }, el('strong', {}, d.id), ` ${d.kind}: `,
      el('span', { class: `device-status device-${d.status === 'ok' ? 'ok' : 'other'}` }, d.status)));
  }
}

export function updateDevice(device, statusText) {
  const item = document.querySelector(`#devices li[data-device="${CSS.escape(device)}"] .device-status`);
  if (item) item.textContent = statusText;
}

/** A countdown to `expiresAt`, once a second; returns a function that stops it. */
export function countdown(getExpiresAt) {
  const out = document.getElementById('time-left');
  const tick = () => {
    const left = Math.max(0, Math.round((Date.parse(getExpiresAt()) - Date.now()) / 1000));
    out.textContent = left > 0 ? `${formatDuration(left)} left (until ${new Date(getExpiresAt()).toLocaleTimeString()})`
      : 'No time left.';
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
