// Requests waiting for an answer, sessions going on now and earlier ones, refreshed live from the homes' activity
// sockets (a new request or a state change redraws the lists).
import { get } from '/assets/api.js';
import { el as h, replace } from '/assets/ui.js';
import { stateInWords, isLive, clock, dayAndTime } from '/app/words.js';
import { watchHomes } from '/app/live.js';

const EARLIER_SHOWN = 10;

export async function show(view) {
  view.title('Requests and sessions');
  const homes = await get('/api/v1/homes');
  const waiting = h('section', { 'aria-labelledby': 'waiting-heading' });
  const live = h('section', { 'aria-labelledby': 'live-heading' });
  const earlier = h('section', { 'aria-labelledby': 'earlier-heading' });
  replace(view.root, waiting, live, earlier);

  let drawing = null;
  const draw = async () => {
    const summaries = await get('/api/v1/sessions');
    const open = summaries.filter((s) => s.state === 'requested' || isLive(s.state));
    const details = await Promise.all(open.map((s) => get(`/api/v1/sessions/${s.id}`).catch(() => null)));
    const byState = (test) => details.filter((d) => d && test(d.state));
    const asked = byState((st) => st === 'requested');
    replace(waiting, h('h2', { id: 'waiting-heading' }, 'Waiting for your answer'),
      asked.length ? h('ul', { class: 'cards' }, asked.map(requestCard)) : h('p', {}, 'Nobody is asking for access right now.'));
    const going = byState(isLive);
    replace(live, h('h2', { id: 'live-heading' }, 'Going on now'),
      going.length ? h('ul', { class: 'cards' }, going.map(liveCard)) : h('p', {}, 'No technician has access to your home right now.'));
    const past = summaries.filter((s) => s.state !== 'requested' && !isLive(s.state)).slice(0, EARLIER_SHOWN);
    replace(earlier, h('h2', { id: 'earlier-heading' }, 'Earlier'),
      past.length ? h('ul', { class: 'plain-list' }, past.map((s) => h('li', {},
        h('a', { href: `#/sessions/${s.id}` }, `Session of ${dayAndTime(s.requestedAt)}`), `: ${stateInWords(s.state)}`)))
        : h('p', {}, 'No earlier sessions.'));
  };
  // Frames can come in bursts (a request is followed by its audit rows): one redraw at a time, and one more after it.
  let again = false;
  const redraw = () => {
    if (drawing) {
      again = true;
      return;
    }
    drawing = draw().catch(() => {}).finally(() => {
      drawing = null;
      if (again) {
        again = false;
        redraw();
      }
    });
  };
  await draw();
  const stop = watchHomes(homes.map((home) => home.id), (frame) => {
    if (frame.type === 'approval.requested') view.announce('A new request for access has arrived.');
    if (frame.type !== 'activity' || frame.event.kind.startsWith('session.') || frame.event.kind.startsWith('escalation.')) redraw();
  });
  return stop;
}

function requestCard(s) {
  const r = s.request;
  return h('li', { class: 'card request', 'data-session': s.id },
    h('h3', {}, `${r.technician || 'A technician'}${r.provider ? ` from ${r.provider}` : ''} asks for access`),
    h('p', {}, r.summary),
    h('p', { class: 'muted' }, `Answer by ${clock(s.requestExpiresAt)}; without an answer the request lapses and nothing is allowed.`),
    h('a', { class: 'button', href: `#/requests/${s.id}` }, 'Look at this request'));
}

function liveCard(s) {
  const r = s.request;
  const pending = s.escalations.filter((e) => e.state === 'requested').length;
  return h('li', { class: 'card live', 'data-session': s.id },
    h('h3', {}, `${r.technician || 'A technician'}${r.provider ? ` from ${r.provider}` : ''}`),
    h('p', {}, `${stateInWords(s.state)}, allowed until ${clock(s.expiresAt)}`),
    pending ? h('p', { class: 'badge warn' }, pending === 1 ? 'Asks you for more access' : `Asks you ${pending} times for more access`) : null,
    h('a', { class: 'button', href: `#/sessions/${s.id}` }, 'Watch and control'));
}
