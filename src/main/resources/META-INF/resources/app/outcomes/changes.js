// The settings a session changed, before and after, and the resident's rollback of the chosen ones
// (docs/api.md "Rollback"): each result in words, refusals in words.
import { get, post } from '/assets/api.js';
import { h, clearNode, time, say, problemText } from './dom.js';
import { PERSISTENCE, ROLLBACK, words } from './words.js';

const CHECK_WAIT_MS = 2000;
const CHECK_TRIES = 30;

export async function showChanges(container, session, afterRollback) {
  const list = h('div', { id: 'change-list' });
  const results = h('div', { id: 'rollback-results', 'aria-live': 'polite' });
  container.append(list, results);
  let changes = await changesOf(session.id);
  render(list, results, session, changes, afterRollback);
  // At the session's end the gateway reads the touched settings back from the hub; show the outcome when known.
  for (let attempt = 0; attempt < CHECK_TRIES && changes.some((c) => c.persistence === 'pending'); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, CHECK_WAIT_MS));
    changes = await changesOf(session.id);
    if (!changes.some((c) => c.persistence === 'pending')) render(list, results, session, changes, afterRollback);
  }
}

function changesOf(sessionId) {
  return get(`/api/v1/sessions/${encodeURIComponent(sessionId)}/changes`);
}

function render(list, results, session, changes, afterRollback) {
  clearNode(list);
  if (changes.length === 0) {
    list.append(h('p', {}, 'No setting was changed.'));
    return;
  }
  const open = changes.filter((c) => c.rollback !== 'restored');
  const form = h('form', { class: 'rollback', novalidate: true },
    h('fieldset', {},
      h('legend', {}, open.length ? 'Choose the changes to roll back' : 'Every change was rolled back'),
      h('ul', { class: 'changes' }, changes.map((c) => item(c)))),
    open.length ? h('button', { type: 'submit', class: 'primary' }, 'Roll back the chosen changes') : null);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = [...form.querySelectorAll('input[name="change"]:checked')].map((box) => box.value);
    rollBack(session, chosen, list, results, afterRollback);
  });
  list.append(form);
}

function item(change) {
  const text = [h('span', { class: 'setting' }, `${change.setting} on ${change.device}`), ': ',
    value(change.before), ' → ', value(change.after), h('br', {}),
    // After a restore the read-back state no longer describes the device: only the rollback's outcome does.
    change.rollback === 'restored' ? '' : h('span', { class: 'muted' }, `Now ${words(PERSISTENCE, change.persistence)}.`),
    change.rollback ? [' ', h('span', { class: `rollback-state rollback-${change.rollback}` },
      words(ROLLBACK, change.rollback)), change.rollbackAt ? [' (', time(change.rollbackAt), ')'] : ''] : ''];
  if (change.rollback === 'restored') return h('li', { 'data-change': change.id }, h('p', {}, text));
  const id = `change-${change.id}`;
  return h('li', { 'data-change': change.id }, h('input', { type: 'checkbox', id, name: 'change', value: change.id }),
    h('label', { for: id }, text));
}

/** A value as the hub holds it; a tagged value shows its class too (only the home's resident sees values). */
function value(v) {
  if (v === null || v === undefined) return h('em', {}, 'not set');
  if (typeof v === 'object' && '$sensitive' in v) return h('code', {}, `${JSON.stringify(v.value)} (${v.$sensitive})`);
  return h('code', {}, typeof v === 'string' ? v : JSON.stringify(v));
}

async function rollBack(session, chosen, list, results, afterRollback) {
  clearNode(results);
  if (chosen.length === 0) {
    results.append(h('p', { class: 'problem', role: 'alert' }, 'Choose at least one change to roll back.'));
    return;
  }
  say('Rolling back…');
  let sent = false;
  try {
    const answer = await post(`/api/v1/sessions/${encodeURIComponent(session.id)}/rollback`, { changes: chosen });
    results.append(h('h3', {}, 'Rollback results'),
      h('ul', { class: 'results' }, answer.results.map((r) => h('li', { class: `rollback-${r.result}`, 'data-result': r.result },
        h('strong', {}, `${r.setting} on ${r.device}: `), words(ROLLBACK, r.result)))));
    sent = answer.results.length > 0;
    const restored = answer.results.filter((r) => r.result === 'restored').length;
    say(`${restored} of ${answer.results.length} change(s) rolled back.`);
  } catch (error) {
    const text = error.code === 'change_already_restored' ? `Not rolled back: ${error.detail}.`
      : problemText(error, { household_right_required: 'Only the owner, or a member allowed to decide, can roll back.' });
    results.append(h('p', { class: 'problem', role: 'alert' }, text));
    say('');
  }
  render(list, results, session, await changesOf(session.id), afterRollback);
  if (sent) afterRollback().catch(() => {});
}
