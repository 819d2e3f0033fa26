// Tickets of the technician's company and their own sessions.
import { api } from '/assets/api.js';
import { el, clear } from '/assets/ui.js';
import { go, show, status } from './main.js';

const OPEN_STATES = new Set(['open', 'in_progress']);
const LIVE_STATES = new Set(['requested', 'approved', 'active', 'suspended']);

function link(text, search) {
  const a = el('a', { href: `/terminal/${search}` }, text);
  a.addEventListener('click', (event) => {
    event.preventDefault();
    go(search);
  });
  return a;
}

export async function showHome() {
  show('home');
  const ticketList = document.getElementById('tickets');
  const sessionList = document.getElementById('sessions');
  clear(ticketList);
  clear(sessionList);
  status('Loading your tickets…');
  const [tickets, sessions] = await Promise.all([api('GET', '/api/v1/tickets'), api('GET', '/api/v1/sessions')]);
  const open = tickets.filter((t) => OPEN_STATES.has(t.state));
  document.getElementById('tickets-empty').hidden = open.length > 0;
  for (const t of open) {
    ticketList.append(el('li', { class: 'card' },
      el('p', { class: 'card-title' }, t.summary),
      el('p', { class: 'hint' }, `${t.category} · ${t.state.replace('_', ' ')} · opened ${new Date(t.createdAt).toLocaleString()}`),
      link('Request a session', `?ticket=${t.id}`)));
  }
  const summaries = new Map(tickets.map((t) => [t.id, t.summary]));
  const shown = sessions.filter((s) => LIVE_STATES.has(s.state)).concat(sessions.filter((s) => !LIVE_STATES.has(s.state)).slice(0, 5));
  document.getElementById('sessions-empty').hidden = shown.length > 0;
  for (const s of shown) {
    const action = s.state === 'approved' || s.state === 'active' ? 'Open the terminal'
      : s.state === 'requested' ? 'See the request' : 'Details';
    sessionList.append(el('li', { class: 'card' },
      el('p', { class: 'card-title' }, summaries.get(s.ticketId) ?? 'Support session'),
      el('p', { class: `state state-${s.state}` }, `State: ${s.state}`),
      link(action, `?session=${s.id}`)));
  }
  status('');
}
