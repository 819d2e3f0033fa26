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

/**
 * A countdown to the latest frame's `expiresAt`, once a second, in the side panel and in the bar above the terminal
 * (with the scope version and the hub's presence, so a phone shows them without scrolling); returns its stop.
 */
export function countdown(getFrame) {
  const out = document.getElementById('time-left');
  const bar = document.getElementById('console-bar');
  const tick = () => {
    const frame = getFrame();
    const left = Math.max(0, Math.round((Date.parse(frame.expiresAt) - Date.now()) / 1000));
    out.textContent = left > 0 ? `${formatDuration(left)} left (until ${new Date(frame.expiresAt).toLocaleTimeString()})`
      : 'No time left.';
    bar.textContent = `${left > 0 ? `${formatDuration(left)} left` : 'no time left'} · scope v${frame.scope?.version ?? '?'}`
      + ` · hub ${frame.hubOnline === false ? 'offline' : 'online'}`;
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
