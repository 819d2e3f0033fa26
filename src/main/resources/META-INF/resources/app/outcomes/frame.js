// What every outcome screen shares: which home it is about (?home=, else the first home not erased), the home
// picker, and navigation links that keep the chosen home.
import { get } from '/assets/api.js';
import { h, clearNode, param } from './dom.js';

/** The screens of this part of the resident app (the integrator adds the same entries to /app/nav.js). */
export const SCREENS = [
  ['history', '/app/outcomes/', 'Past sessions'],
  ['settings', '/app/outcomes/settings.html', 'Notifications'],
  ['data', '/app/outcomes/data.html', 'Your data'],
  ['privacy', '/app/outcomes/privacy.html', 'Privacy notice'],
];

/** Fills the page's nav (body data-page names the current screen). */
export function renderNav() {
  const nav = document.getElementById('outcomes-nav');
  if (!nav) return;
  const current = document.body.dataset.page;
  clearNode(nav).append(h('ul', {},
    h('li', {}, h('a', { href: '/app/' }, 'Homes')),
    SCREENS.map(([page, href, label]) => h('li', {},
      h('a', { href, 'data-keep-home': true, 'aria-current': page === current ? 'page' : null }, label)))));
}

renderNav();

/** The caller's homes that still hold data, and the one this page is about (null when there is none). */
export async function chooseHome() {
  const homes = (await get('/api/v1/homes')).filter((home) => !home.erasedAt);
  const wanted = param('home');
  const home = homes.find((candidate) => candidate.id === wanted) || homes[0] || null;
  renderPicker(homes, home);
  keepHomeInLinks(home && home.id);
  return { homes, home };
}

/** Navigation and in-page links carry the home, so moving between screens stays on it. */
export function keepHomeInLinks(homeId) {
  if (!homeId) return;
  for (const link of document.querySelectorAll('a[data-keep-home]')) {
    const url = new URL(link.getAttribute('href'), location.origin);
    url.searchParams.set('home', homeId);
    link.setAttribute('href', url.pathname + url.search);
  }
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
