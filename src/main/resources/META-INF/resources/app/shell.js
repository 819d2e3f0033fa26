// The frame every resident screen shares: the sign-in gate, the navigation built from nav.js, who is signed in and
// the sign-out button. Pages outside main.js's router (/app/outcomes/…) call startShell too.
import { get, signOut } from '/assets/api.js';
import { el as h, replace } from '/assets/ui.js';
import { sections } from '/app/nav.js';

/** Marks the section `activeId` as current in the navigation. */
export function markActive(activeId) {
  for (const link of document.querySelectorAll('#app-nav a')) {
    if (link.dataset.section === activeId) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/**
 * Signs the visitor in (api.js sends a 401 to /signin/), draws the navigation and returns the session
 * ({subject, name, role, …}); null when the visitor is signed in but is not a resident (the page says so).
 */
export async function startShell(activeId) {
  const session = await get('/auth/session');
  replace(document.getElementById('app-nav'),
    h('ul', {}, sections.map((s) => h('li', {}, h('a', { href: s.href, dataset: { section: s.id } }, s.label)))));
  markActive(activeId);
  replace(document.getElementById('app-who'),
    h('span', {}, session.name || session.subject), ' ',
    h('button', { type: 'button', class: 'link-button', onclick: () => signOut('/signin/') }, 'Sign out'));
  if (session.role !== 'resident') {
    document.getElementById('screen-title').textContent = 'This app is for residents';
    replace(document.getElementById('screen'),
      h('p', {}, `You are signed in with the role "${session.role}". `,
        session.role === 'technician' ? h('a', { href: '/terminal/' }, 'Open the technician terminal')
          : h('a', { href: '/ops/' }, 'Open the operations dashboard'), '.'));
    return null;
  }
  return session;
}
