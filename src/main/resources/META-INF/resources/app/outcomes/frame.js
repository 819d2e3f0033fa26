// What every outcome screen shares: the resident app's frame (/app/shell.js: sign-in gate, navigation from
// /app/nav.js, who is signed in), which home the screen is about (?home=, else the first home not erased), the home
// picker, and links between the outcome screens that keep the chosen home.
import { get } from '/assets/api.js';
import { startShell, markActive } from '/app/shell.js';
import { sections } from '/app/nav.js';
import { h, clearNode, replace, param } from './dom.js';

/** The shell for a signed-in resident (false when the visitor is not one: the shell then says so). */
export async function startScreen() {
  return (await startShell(document.body.dataset.section)) !== null;
}

/** The navigation alone, for the one screen anyone may read without signing in (the privacy notice). */
export function publicNav() {
  replace(document.getElementById('app-nav'), h('ul', {},
    sections.map((s) => h('li', {}, h('a', { href: s.href, dataset: { section: s.id } }, s.label)))));
  markActive(document.body.dataset.section);
}

/** The caller's homes that still hold data, and the one this screen is about (null when there is none). */
export async function chooseHome() {
  const homes = (await get('/api/v1/homes')).filter((home) => !home.erasedAt);
  const wanted = param('home');
  const home = homes.find((candidate) => candidate.id === wanted) || homes[0] || null;
  renderPicker(homes, home);
  keepHomeInLinks(home && home.id);
  return { homes, home };
}

/** Links to the outcome screens carry the home, so moving between them stays on it. */
export function keepHomeInLinks(homeId) {
  if (!homeId) return;
  for (const link of document.querySelectorAll('a[href^="/app/outcomes/"]')) {
    const url = new URL(link.getAttribute('href'), location.origin);
    url.searchParams.set('home', homeId);
    link.setAttribute('href', url.pathname + url.search);
  }
}

/** After an erasure: the home is no longer offered; the picker asks for another (or disappears with the last). */
export function forgetHome(homeId) {
  const picker = document.getElementById('home-picker');
  if (!picker) {
    replace(document.getElementById('home-choice'));
    return;
  }
  for (const option of picker.querySelectorAll('option')) if (option.value === homeId) option.remove();
  picker.prepend(h('option', { value: '', disabled: true }, 'Choose a home'));
  picker.value = '';
}

function renderPicker(homes, home) {
  const slot = document.getElementById('home-choice');
  if (!slot) return;
  clearNode(slot);
  if (homes.length < 2) {
    if (home) slot.append(h('p', { class: 'home-name' }, 'Home: ', h('strong', {}, home.name)));
    return;
  }
  const select = h('select', { id: 'home-picker', name: 'home' },
    homes.map((candidate) => h('option', { value: candidate.id, selected: candidate.id === home.id }, candidate.name)));
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('home', select.value);
    location.assign(url.pathname + url.search);
  });
  slot.append(h('label', { for: 'home-picker' }, 'Home'), select);
}
