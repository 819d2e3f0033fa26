// "Get help": open a support ticket to a provider, and follow (or withdraw) the tickets already open.
import { get, post } from '/assets/api.js';
import { el as h, replace } from '/assets/ui.js';
import { nextId } from '/app/ids.js';
import { problemInWords, dayAndTime } from '/app/words.js';

const CATEGORIES = [
  ['connectivity', 'Something will not connect or keeps dropping off'],
  ['device', 'A device does not work as it should'],
  ['security', 'Something looks unsafe'],
  ['update', 'An update is needed or went wrong'],
  ['other', 'Something else'],
];

const TICKET_STATES = {
  open: 'sent, waiting for the company',
  in_progress: 'the company is working on it',
  resolved: 'the company says it is solved',
  closed: 'closed',
};

export async function show(view) {
  view.title('Ask a company for help');
  const [homes, providers, tickets] = await Promise.all([get('/api/v1/homes'), get('/api/v1/providers'), get('/api/v1/tickets')]);
  const list = h('section', { 'aria-labelledby': 'tickets-heading' });
  const drawTickets = async (fresh) => {
    const current = fresh || await get('/api/v1/tickets');
    replace(list, h('h2', { id: 'tickets-heading' }, 'Your requests for help'),
      current.length ? h('ul', { class: 'cards' }, current.map((t) => ticketCard(view, t, homes, providers, drawTickets)))
        : h('p', {}, 'You have not asked for help yet.'));
  };
  await drawTickets(tickets);
  replace(view.root, ticketForm(view, homes, providers, drawTickets), list);
}

function ticketForm(view, homes, providers, redraw) {
  if (!homes.length) return h('p', {}, 'Add a home first: ', h('a', { href: '#/homes' }, 'your homes'), '.');
  if (!providers.length) return h('p', {}, 'No service company is registered with Chaperone yet.');
  const ids = { home: nextId('t-home'), provider: nextId('t-provider'), category: nextId('t-category'), summary: nextId('t-summary'), hint: nextId('t-hint') };
  const home = h('select', { id: ids.home, name: 'home' }, homes.map((x) => h('option', { value: x.id }, x.name)));
  const provider = h('select', { id: ids.provider, name: 'provider' }, providers.map((x) => h('option', { value: x.id }, x.name)));
  const category = h('select', { id: ids.category, name: 'category' }, CATEGORIES.map(([value, label]) => h('option', { value }, label)));
  const summary = h('textarea', { id: ids.summary, name: 'summary', required: true, maxlength: 2000, rows: 4, 'aria-describedby': ids.hint });
  const message = h('p', { class: 'problem', role: 'alert', hidden: true });
  const done = h('p', { role: 'status' });
  return h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    message.hidden = true;
    try {
      const ticket = await post('/api/v1/tickets', { homeId: home.value, providerId: provider.value, category: category.value, summary: summary.value.trim() });
      summary.value = '';
      const to = providers.find((p) => p.id === ticket.providerId);
      done.textContent = `Sent to ${to ? to.name : 'the company'}. A technician will ask you before doing anything in your home.`;
      await redraw();
    } catch (error) {
      message.textContent = problemInWords(error);
      message.hidden = false;
    }
  } },
  h('h2', {}, 'What is wrong?'),
  h('label', { for: ids.home }, 'Home'), home,
  h('label', { for: ids.provider }, 'Company to ask'), provider,
  h('label', { for: ids.category }, 'Kind of problem'), category,
  h('label', { for: ids.summary }, 'Describe the problem'),
  h('p', { class: 'hint', id: ids.hint }, 'What happens, since when, on which device. Do not write passwords here.'),
  summary, message,
  h('button', { type: 'submit' }, 'Send to the company'),
  done);
}

function ticketCard(view, ticket, homes, providers, redraw) {
  const provider = providers.find((p) => p.id === ticket.providerId);
  const home = homes.find((x) => x.id === ticket.homeId);
  const message = h('p', { class: 'problem', role: 'alert', hidden: true });
  const close = async () => {
    try {
      await post(`/api/v1/tickets/${ticket.id}/state`, { state: 'closed' });
      view.announce('The request for help is closed.');
      await redraw();
    } catch (error) {
      message.textContent = problemInWords(error);
      message.hidden = false;
    }
  };
  const action = ticket.state === 'closed' ? null
    : h('button', { type: 'button', class: 'secondary', onclick: close },
      ticket.state === 'resolved' ? 'Confirm it is solved and close' : 'Withdraw this request');
  return h('li', { class: 'card ticket', 'data-ticket': ticket.id },
    h('h3', {}, ticket.summary),
    h('p', {}, `To ${provider ? provider.name : 'a company'} for ${home ? home.name : 'your home'}, ${dayAndTime(ticket.createdAt)}`),
    h('p', { class: 'badge' }, TICKET_STATES[ticket.state] || ticket.state),
    action, message);
}
