// The privacy notice as the gateway publishes it (GET /api/v1/privacy-notice, no sign-in needed).
import { get } from '/assets/api.js';
import { h, replace, say, problemText } from './dom.js';
import { publicNav } from './frame.js';

async function show() {
  publicNav();
  const n = await get('/api/v1/privacy-notice');
  replace(document.getElementById('notice'),
    h('p', { class: 'summary' }, n.summary),
    h('p', { class: 'muted' }, `Version ${n.version}, in force since ${n.effectiveDate}. Controller: ${n.controller}.`),
    h('h2', {}, 'What is collected and why'),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Why'))),
      h('tbody', {}, n.collected.map((c) => h('tr', {}, h('td', {}, c.what), h('td', {}, c.why)))))),
    h('h2', {}, 'Who sees it'), h('p', {}, n.sharing),
    h('h2', {}, 'How long it is kept'), h('p', {}, n.retention),
    h('h2', {}, 'Your rights'), h('ul', {}, n.rights.map((r) => h('li', {}, r))),
    h('p', {}, 'You can use them in this app: ', h('a', { href: '/app/outcomes/data.html' },
      'export or erase your data'), '.'),
    h('h2', {}, 'Contact'), h('p', {}, h('a', { href: `mailto:${n.contact}` }, n.contact)));
  say('');
}

show().catch((error) => say(problemText(error), 'error'));
