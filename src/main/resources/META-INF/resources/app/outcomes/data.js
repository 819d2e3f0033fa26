// Your data: download the home's export bundle (a real browser download, authenticated by the session cookie)
// and erase the home's personal data after two explicit steps (step-up when the sign-in is not fresh).
import { del } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { h, clearNode, replace, time, say, problemText } from './dom.js';
import { chooseHome, forgetHome, startScreen } from './frame.js';

const WORDS = {
  sessions_open: 'A session of this home is still approved or running. Stop it first, then erase.',
  household_right_required: 'Only the owner, or a member allowed to erase, can export or erase this home\'s data.',
};

async function show() {
  if (!(await startScreen())) return;
  const { home } = await chooseHome();
  const exportSlot = clearNode(document.querySelector('#export .slot'));
  const eraseSlot = clearNode(document.querySelector('#erase .slot'));
  if (!home) {
    say('You have no home whose data is still held.');
    exportSlot.append(h('p', {}, 'Nothing to export.'));
    return;
  }
  const href = `/api/v1/homes/${encodeURIComponent(home.id)}/export`;
  exportSlot.append(
    h('p', {}, 'One file (JSON) with everything the gateway holds about ', h('strong', {}, home.name),
      ': the home, its hubs, every session with its approvals and audit trail, and the signed checkpoints that let '
      + 'anyone verify the trail offline.'),
    h('a', { href, download: `chaperone-export-${home.id}.json`, class: 'button primary', id: 'export-link' },
      'Download my data'));
  eraseSlot.append(eraseFlow(home));
}

function eraseFlow(home) {
  const flow = h('div', { id: 'erase-flow' });
  const start = h('button', { type: 'button', class: 'danger', id: 'erase-start', 'aria-expanded': 'false',
    'aria-controls': 'erase-confirm' }, `Erase the data of ${home.name}…`);
  start.addEventListener('click', () => {
    start.setAttribute('aria-expanded', 'true');
    start.hidden = true;
    const confirm = confirmStep(home, () => {
      confirm.remove();
      start.hidden = false;
      start.setAttribute('aria-expanded', 'false');
      start.focus();
    });
    flow.append(confirm);
    confirm.querySelector('h3').focus();
  });
  flow.append(start);
  return flow;
}

function confirmStep(home, cancel) {
  const typed = h('input', { type: 'text', id: 'erase-name', name: 'confirmName', autocomplete: 'off',
    'aria-describedby': 'erase-name-hint' });
  const problem = h('p', { class: 'problem', id: 'erase-problem', 'aria-live': 'assertive' });
  const keep = h('button', { type: 'button' }, 'Keep my data');
  keep.addEventListener('click', cancel);
  const form = h('form', { novalidate: true, id: 'erase-confirm', class: 'danger-zone' },
    h('h3', { tabindex: '-1' }, 'Are you sure? This cannot be undone.'),
    h('ul', {},
      h('li', {}, 'The keys of the home and of every session are destroyed: the audit trail stays, but nobody can read its contents again.'),
      h('li', {}, 'Names, ticket summaries and reasons are replaced by “[erased]”; device names are made unrecognisable.'),
      h('li', {}, 'Requests still waiting are refused, and no new session can be asked for this home.'),
      h('li', {}, 'Download your data first if you want to keep a copy.')),
    h('label', { for: 'erase-name' }, `Type the home's name (${home.name}) to confirm`), typed,
    h('p', { class: 'hint', id: 'erase-name-hint' }, 'You may be asked to sign in again with your second factor.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger', id: 'erase-final' }, 'Erase for good'), keep),
    problem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    if (typed.value.trim() !== home.name) {
      problem.textContent = 'The name does not match. Type it exactly as shown to confirm.';
      typed.focus();
      return;
    }
    try {
      const erased = await withStepUp(() => del(`/api/v1/homes/${encodeURIComponent(home.id)}/data`));
      done(home, erased);
    } catch (error) {
      problem.textContent = problemText(error, WORDS);
    }
  });
  return form;
}

function done(home, erased) {
  forgetHome(home.id);
  replace(document.querySelector('#export .slot'), h('p', {}, 'Nothing left to export for this home.'));
  const outcome = h('div', { id: 'erase-done', class: 'erased' },
    h('h3', { tabindex: '-1' }, `The data of ${home.name} is erased`),
    h('p', {}, 'Erased ', time(erased.erasedAt), `: ${erased.sessionKeysShredded} session key(s) destroyed, `
      + `${erased.requestsDenied} waiting request(s) refused.`),
    h('p', {}, h('a', { href: '/app/outcomes/data.html' }, 'Back to your data')));
  replace(document.querySelector('#erase .slot'), outcome);
  outcome.querySelector('h3').focus();
  say(`The data of ${home.name} is erased.`);
}

show().catch((error) => say(problemText(error, WORDS), 'error'));
