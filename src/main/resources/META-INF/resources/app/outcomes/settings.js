// Notification settings of a home (docs/notifications.md) and its logging choices (docs/privacy.md
// "What you can turn off"). Webhooks and the delivery list are in webhooks.js.
import { get, put } from '/assets/api.js';
import { h, replace, say, problemText } from './dom.js';
import { chooseHome, startScreen } from './frame.js';
import { NOTIFICATION_KINDS } from './words.js';
import { showWebhooks, showDeliveries } from './webhooks.js';

const WORDS = {
  invalid_email: 'That is not an e-mail address.',
  unknown_notification_kind: 'One of the chosen kinds is unknown to the gateway.',
};

async function show() {
  if (!(await startScreen())) return;
  const { home } = await chooseHome();
  if (!home) {
    say('You have no home yet.');
    return;
  }
  const base = `/api/v1/homes/${encodeURIComponent(home.id)}`;
  const [preferences, choices] = await Promise.all([get(`${base}/notification-preferences`), get(`${base}/logging-choices`)]);
  preferencesForm(document.getElementById('preferences'), base, preferences);
  loggingForm(document.getElementById('logging'), base, choices);
  await Promise.all([showWebhooks(document.getElementById('webhooks'), base),
    showDeliveries(document.getElementById('deliveries'), base)]);
}

function preferencesForm(container, base, p) {
  const email = h('input', { type: 'checkbox', id: 'email-enabled', name: 'emailEnabled', checked: p.emailEnabled });
  const address = h('input', { type: 'email', id: 'email-address', name: 'emailAddress', autocomplete: 'email',
    value: p.emailAddress || '', 'aria-describedby': 'email-address-hint' });
  const webhook = h('input', { type: 'checkbox', id: 'webhook-enabled', name: 'webhookEnabled', checked: p.webhookEnabled });
  const muted = new Set(p.mutedKinds || []);
  const problem = h('p', { class: 'problem', id: 'preferences-problem', 'aria-live': 'assertive' });
  const form = h('form', { novalidate: true, id: 'preferences-form' },
    h('div', { class: 'check' }, email, h('label', { for: 'email-enabled' }, 'Send me an e-mail digest')),
    h('label', { for: 'email-address' }, 'E-mail address for the digest'), address,
    h('p', { class: 'hint', id: 'email-address-hint' }, 'Leave it empty to use the address you signed in with. '
      + 'The digest holds short summaries and a sign-in link, never secrets.'),
    h('div', { class: 'check' }, webhook, h('label', { for: 'webhook-enabled' }, 'Send notifications to my webhooks')),
    h('fieldset', {}, h('legend', {}, 'Do not send these by e-mail or webhook (you still see them in the app)'),
      NOTIFICATION_KINDS.map(([kind, label]) => {
        const id = `mute-${kind.replaceAll('.', '-')}`;
        return h('div', { class: 'check' }, h('input', { type: 'checkbox', id, name: 'muted', value: kind,
          checked: muted.has(kind) }), h('label', { for: id }, label));
      })),
    h('button', { type: 'submit', class: 'primary' }, 'Save notification settings'), problem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    try {
      await put(`${base}/notification-preferences`, {
        emailEnabled: email.checked, emailAddress: address.value.trim() || null, webhookEnabled: webhook.checked,
        mutedKinds: [...form.querySelectorAll('input[name="muted"]:checked')].map((box) => box.value),
      });
      say('Notification settings saved.');
    } catch (error) {
      problem.textContent = problemText(error, WORDS);
    }
  });
  replace(container.querySelector('.slot'), form);
}

function loggingForm(container, base, choices) {
  const option = (value, label, hint) => {
    const id = `feed-${value}`;
    return h('div', { class: 'check' }, h('input', { type: 'radio', name: 'liveFeedContent', id, value,
      checked: choices.liveFeedContent === value, 'aria-describedby': `${id}-hint` }),
    h('label', { for: id }, label), h('p', { class: 'hint', id: `${id}-hint` }, hint));
  };
  const form = h('form', { novalidate: true, id: 'logging-form' },
    h('fieldset', {}, h('legend', {}, 'What the live activity screen shows'),
      option('full', 'Everything', 'Each command, its device and its result as it happens.'),
      option('minimal', 'Only that something happened', 'For homes where not everyone watching should see what the '
        + 'technician reads. Requests that need your decision still arrive.')),
    h('p', {}, h('strong', {}, 'Session audit: always on. '), 'The record of what a technician was allowed to do and did '
      + 'in your home cannot be turned off; its contents are encrypted for your home.'),
    h('button', { type: 'submit', class: 'primary' }, 'Save logging choice'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name="liveFeedContent"]:checked');
    try {
      await put(`${base}/logging-choices`, { liveFeedContent: chosen.value });
      say('Logging choice saved.');
    } catch (error) {
      say(problemText(error), 'error');
    }
  });
  replace(container.querySelector('.slot'), form);
}

show().catch((error) => say(problemText(error), 'error'));
