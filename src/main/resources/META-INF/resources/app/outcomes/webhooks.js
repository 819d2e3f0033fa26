// Webhook endpoints of a home (the signing secret is shown once, when the endpoint is added) and the recent
// notifications with the state of each delivery (docs/notifications.md).
import { get, post, del } from '/assets/api.js';
import { h, clearNode, time, say, problemText } from './dom.js';
import { DELIVERY, words } from './words.js';

const WORDS = {
  invalid_webhook_url: 'The address must be an https:// address with no user name or password in it.',
  too_many_webhooks: 'This home already has as many webhooks as allowed. Remove one first.',
};

export async function showWebhooks(container, base) {
  const slot = clearNode(container.querySelector('.slot'));
  const list = h('div', { id: 'webhook-list' });
  const secret = h('div', { id: 'webhook-secret' });
  const url = h('input', { type: 'url', id: 'webhook-url', name: 'url', required: true, placeholder: 'https://',
    'aria-describedby': 'webhook-url-hint' });
  const problem = h('p', { class: 'problem', id: 'webhook-problem', 'aria-live': 'assertive' });
  const form = h('form', { novalidate: true, id: 'webhook-form' },
    h('label', { for: 'webhook-url' }, 'Add a webhook address'), url,
    h('p', { class: 'hint', id: 'webhook-url-hint' }, 'Each delivery is signed (Standard Webhooks). '
      + 'The signing secret is shown once, right after you add the address.'),
    h('button', { type: 'submit', class: 'primary' }, 'Add webhook'), problem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    clearNode(secret);
    try {
      const created = await post(`${base}/webhooks`, { url: url.value.trim() });
      url.value = '';
      secret.append(h('section', { class: 'secret', 'aria-labelledby': 'secret-title' },
        h('h3', { id: 'secret-title' }, 'Signing secret — copy it now'),
        h('p', {}, `For ${created.url}. It is shown only this once; keep it where your receiver can check signatures.`),
        h('p', {}, h('code', { id: 'webhook-secret-value' }, created.secret))));
      say('Webhook added. Copy its signing secret now: it is not shown again.');
      await renderList(list, base);
    } catch (error) {
      problem.textContent = problemText(error, WORDS);
    }
  });
  slot.append(list, form, secret);
  await renderList(list, base);
}

async function renderList(list, base) {
  const hooks = await get(`${base}/webhooks`);
  clearNode(list);
  if (hooks.length === 0) {
    list.append(h('p', {}, 'No webhook yet.'));
    return;
  }
  list.append(h('ul', { class: 'webhooks' }, hooks.map((hook) => {
    const remove = h('button', { type: 'button' }, 'Remove',
      h('span', { class: 'visually-hidden' }, ` ${hook.url}`));
    remove.addEventListener('click', async () => {
      try {
        await del(`${base}/webhooks/${encodeURIComponent(hook.id)}`);
        say(`Webhook ${hook.url} removed.`);
        await renderList(list, base);
      } catch (error) {
        say(problemText(error), 'error');
      }
    });
    return h('li', { 'data-webhook': hook.id }, h('code', {}, hook.url), ' added ', time(hook.createdAt), ' ', remove);
  })));
}

export async function showDeliveries(container, base) {
  const slot = clearNode(container.querySelector('.slot'));
  const notifications = await get(`${base}/notifications`);
  if (notifications.length === 0) {
    slot.append(h('p', {}, 'Nothing was sent yet.'));
    return;
  }
  const row = (n) => h('tr', {},
    h('td', {}, time(n.createdAt)),
    h('td', {}, (n.summary && n.summary.title) || n.kind),
    h('td', {}, n.deliveries.length === 0 ? 'in the app only'
      : h('ul', { class: 'plain' }, n.deliveries.map((d) => h('li', {}, delivery(d))))));
  slot.append(h('div', { class: 'table-wrap' }, h('table', { id: 'delivery-table' },
    h('caption', {}, 'The newest notifications and how each was delivered'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'What'),
      h('th', { scope: 'col' }, 'Delivery'))),
    h('tbody', {}, notifications.map(row)))));
}

/** One delivery in words: a pending one that already failed says when it is tried again. */
function delivery(d) {
  const retrying = d.state === 'pending' && d.attempts > 0;
  return [`${d.channel}: `, retrying ? ['not delivered yet, tried again ', time(d.nextAttemptAt)] : words(DELIVERY, d.state),
    d.attempts ? ` (${d.attempts} attempt${d.attempts === 1 ? '' : 's'} so far)` : '',
    d.lastError ? ` — last error: ${d.lastError}` : ''];
}
