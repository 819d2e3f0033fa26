// Homes, their hubs (with trust state: online, security check passed or failed) and devices; adding a hub with a
// one-time claim code and removing one.
import { get, post, del } from '/assets/api.js';
import { el as h, replace } from '/assets/ui.js';
import { nextId } from '/app/ids.js';
import { problemInWords, dayAndTime, clock, countdown } from '/app/words.js';

export async function showHomes(view) {
  view.title('Your homes');
  const homes = await get('/api/v1/homes');
  const list = h('ul', { class: 'cards' }, homes.map((home) => h('li', { class: 'card' },
    h('h2', {}, h('a', { href: `#/homes/${home.id}` }, home.name)),
    h('p', { class: 'muted' }, `Added ${dayAndTime(home.createdAt)}`))));
  replace(view.root,
    homes.length ? list : h('p', {}, 'You have no home yet. Add one below, then add its hub.'),
    newHomeForm(view));
}

function newHomeForm(view) {
  const inputId = nextId('home-name');
  const message = h('p', { class: 'problem', role: 'alert', hidden: true });
  const input = h('input', { id: inputId, name: 'name', required: true, maxlength: 200, autocomplete: 'off' });
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    message.hidden = true;
    try {
      const home = await post('/api/v1/homes', { name: input.value.trim() });
      view.announce(`Home "${home.name}" added.`);
      view.go(`/homes/${home.id}`);
    } catch (error) {
      message.textContent = problemInWords(error);
      message.hidden = false;
    }
  } },
  h('h2', {}, 'Add a home'),
  h('label', { for: inputId }, 'Name of the home'),
  input,
  message,
  h('button', { type: 'submit' }, 'Add home'));
  return form;
}

export async function showHome(view, homeId) {
  const home = await get(`/api/v1/homes/${homeId}`);
  view.title(home.name);
  const hubs = h('section', { 'aria-labelledby': 'hubs-heading' });
  const enroll = enrollmentPanel(view, home, () => drawHubs());
  async function drawHubs(fresh) {
    const current = fresh || await get(`/api/v1/homes/${homeId}`);
    replace(hubs, h('h2', { id: 'hubs-heading' }, 'Hubs and devices'),
      current.hubs.length ? h('ul', { class: 'cards' }, current.hubs.map((hub) => hubCard(view, home, hub, drawHubs)))
        : h('p', {}, 'No hub has joined this home yet.'));
    return current;
  }
  await drawHubs(home);
  replace(view.root,
    h('p', {}, h('a', { href: '#/homes' }, 'All homes'), ' · ',
      h('a', { href: '#/requests' }, 'Requests and sessions'), ' · ',
      h('a', { href: `#/help` }, 'Ask a company for help')),
    hubs, enroll.node);
  return enroll.leave;
}

/** One hub: whether it is connected, whether it passed its security check (attestation), and its devices. */
function hubCard(view, home, hub, redraw) {
  const trust = hub.quarantined
    ? h('p', { class: 'badge danger' }, `Blocked: it failed its security check (${hub.quarantineReason || 'no reason given'}). `
      + 'No technician can work through it until it passes again.')
    : hub.attestedAt
      ? h('p', { class: 'badge ok' }, `Passed its security check ${dayAndTime(hub.attestedAt)}`)
      : h('p', { class: 'badge warn' }, 'Not security-checked yet: it is checked every time it connects');
  const online = hub.online
    ? h('p', { class: 'badge ok' }, 'Online')
    : h('p', { class: 'badge' }, hub.lastSeenAt ? `Offline, last seen ${dayAndTime(hub.lastSeenAt)}` : 'Offline, never connected yet');
  const devices = hub.devices.length
    ? h('div', { class: 'table-wrap' }, h('table', { class: 'devices' },
      h('caption', { class: 'visually-hidden' }, `Devices of ${hub.name}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Device'), h('th', { scope: 'col' }, 'Kind'),
        h('th', { scope: 'col' }, 'Model'), h('th', { scope: 'col' }, 'Status'))),
      h('tbody', {}, hub.devices.map((d) => h('tr', {}, h('th', { scope: 'row' }, d.id), h('td', {}, d.kind),
        h('td', {}, d.model || '—'), h('td', {}, d.status))))))
    : h('p', { class: 'muted' }, 'No devices reported yet: the hub reports them once it passed its security check.');
  const message = h('p', { class: 'problem', role: 'alert', hidden: true });
  const confirm = h('div', { class: 'confirm', hidden: true },
    h('p', {}, `Remove ${hub.name}? Its certificate is revoked and it is disconnected at once. To use it again, add it with a new code.`),
    h('button', { type: 'button', class: 'danger', onclick: async () => {
      try {
        await del(`/api/v1/homes/${home.id}/hubs/${hub.id}`);
        view.announce(`${hub.name} was removed.`);
        await redraw();
      } catch (error) {
        message.textContent = problemInWords(error);
        message.hidden = false;
      }
    } }, `Yes, remove ${hub.name}`),
    h('button', { type: 'button', class: 'secondary', onclick: () => { confirm.hidden = true; } }, 'Keep it'));
  return h('li', { class: 'card hub', 'data-hub': hub.id },
    h('h3', {}, hub.name),
    h('p', { class: 'muted' }, `${hub.model || 'Hub'}, software ${hub.firmware || 'unknown'}`),
    h('div', { class: 'badges' }, online, trust),
    devices,
    h('button', { type: 'button', class: 'secondary', onclick: () => { confirm.hidden = false; } }, 'Remove this hub…'),
    confirm, message);
}

/**
 * "Add a hub": a one-time claim code (POST …/hub-claims) that the new hub sends with its certificate request. The
 * panel then watches the home's hub list until a hub it did not know joins, or the code expires.
 */
function enrollmentPanel(view, home, redraw) {
  let timer = null;
  const known = new Set(home.hubs.map((hub) => hub.id));
  const body = h('div', {});
  const node = h('section', { class: 'card', 'aria-labelledby': 'enroll-heading' },
    h('h2', { id: 'enroll-heading' }, 'Add a hub'),
    h('p', {}, 'Get a one-time code, then type it into the new hub’s setup. The code works once and only for a few minutes.'),
    body);
  const start = h('button', { type: 'button', onclick: issue }, 'Get a code for a new hub');
  replace(body, start);

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  async function issue() {
    stop();
    let claim;
    try {
      claim = await post(`/api/v1/homes/${home.id}/hub-claims`);
    } catch (error) {
      replace(body, h('p', { class: 'problem', role: 'alert' }, problemInWords(error)), start);
      return;
    }
    const left = h('span', { class: 'code-left' });
    const waiting = h('p', { role: 'status' }, 'Waiting for the hub to join…');
    replace(body,
      h('p', {}, 'Your code:'),
      h('p', { class: 'claim-code', 'aria-label': `Claim code ${claim.claimCode.split('').join(' ')}` }, claim.claimCode),
      h('p', {}, `It works until ${clock(claim.expiresAt)} (`, left, ' left).'),
      waiting,
      h('button', { type: 'button', class: 'secondary', onclick: issue }, 'Get another code'));
    let polls = 0;
    const tick = async () => {
      const seconds = (Date.parse(claim.expiresAt) - Date.now()) / 1000;
      left.textContent = countdown(seconds);
      if (seconds <= 0) {
        stop();
        waiting.textContent = 'The code has expired. Get another one when the hub is ready.';
        return;
      }
      polls += 1;
      if (polls % 3 !== 0) return; // the hub list every 3 s, the countdown every second
      const current = await get(`/api/v1/homes/${home.id}`).catch(() => null);
      const joined = current && current.hubs.find((hub) => !known.has(hub.id));
      if (joined) {
        stop();
        known.add(joined.id);
        waiting.textContent = `${joined.name} has joined your home.`;
        await redraw(current);
      }
    };
    tick();
    timer = setInterval(tick, 1000);
  }

  return { node, leave: stop };
}
