// The technician web terminal (docs/terminal.md "Web terminal"): a small router over three screens that live in
// the URL, so a reload or a shared link lands on the same one: /terminal/ (tickets and sessions),
// /terminal/?ticket=<id> (request a session), /terminal/?session=<id> (wait for approval, then the console).
import { currentSession, signOut } from '/assets/api.js';
import { announce } from '/assets/ui.js';
import { showHome } from './home.js';
import { showRequest } from './request.js';
import { showSession } from './session.js';

const screens = ['gate', 'home', 'request', 'wait', 'console'];
let leaving = () => {};

/** Shows one screen, hides the others; `onLeave` runs when the next screen is shown (stops timers, sockets). */
export function show(name, onLeave = () => {}) {
  for (const s of screens) document.getElementById(`screen-${s}`).hidden = s !== name;
  leaving();
  leaving = onLeave;
  const heading = document.querySelector(`#screen-${name} h1`);
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

export function status(text) {
  document.getElementById('status').textContent = text;
  if (text) announce(text);
}

/** Moves to another screen of the terminal without reloading the page. */
export function go(search) {
  history.pushState(null, '', `/terminal/${search}`);
  route();
}

function route() {
  status('');
  const params = new URLSearchParams(location.search);
  const shown = params.get('session') ? showSession(params.get('session'))
    : params.get('ticket') ? showRequest(params.get('ticket')) : showHome();
  shown.catch((e) => status(`Something went wrong: ${e.detail ?? e.message} ${e.code ? `(${e.code})` : ''}`));
}

async function start() {
  show('gate');
  let session;
  try {
    session = await currentSession();
  } catch {
    document.getElementById('gate-text').textContent = 'The gateway cannot be reached right now.';
    return;
  }
  if (!session) {
    document.getElementById('gate-text').textContent = 'Sign in as a technician to use the terminal.';
    document.getElementById('gate-signin').hidden = false;
    return;
  }
  document.getElementById('who').textContent = `${session.name} (${session.org ?? 'no company'})`;
  if (session.role !== 'technician') {
    document.getElementById('gate-text').textContent =
      `You are signed in as ${session.name}, a ${session.role}. The terminal is for technicians.`;
    return;
  }
  route();
}

document.getElementById('sign-out').addEventListener('click', () => signOut('/'));
document.getElementById('nav-tickets').addEventListener('click', (event) => {
  event.preventDefault();
  go('');
});
window.addEventListener('popstate', route);
start();
