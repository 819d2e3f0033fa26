// The redaction ledger of a session (what was kept from the technician, counted by kind, never the values) and the
// switches to show or hide a kind of sensitive data while the session runs. Showing needs step-up; hiding never does.
import { get, post } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { el as h, replace } from '/assets/ui.js';
import { problemInWords, capitalised } from '/app/words.js';
import { classTitle } from '/app/catalogue.js';

const PLACES = { 'output.chunk': 'in output', result: 'in answers' };
const RULES = { tagged: 'marked by the device', pattern: 'recognised by Chaperone' };

export function privacyPanel({ sessionId, revealable, cat, announce }) {
  const node = h('section', { class: 'card', 'aria-labelledby': 'privacy-heading' });
  let live = false;
  let drawn = null;

  async function refresh(isLive = live) {
    let ledger;
    try {
      ledger = await get(`/api/v1/sessions/${sessionId}/redactions`);
    } catch (error) {
      replace(node, h('h2', { id: 'privacy-heading' }, 'Kept hidden'), h('p', { class: 'problem' }, problemInWords(error)));
      drawn = null;
      return;
    }
    // Redrawn only when something changed: a periodic refresh must not take the keyboard focus off a button.
    const fingerprint = JSON.stringify([isLive, ledger.revealed, ledger.total, ledger.entries]);
    if (fingerprint === drawn) return;
    drawn = fingerprint;
    live = isLive;
    const counts = new Map();
    for (const e of ledger.entries) {
      const key = `${e.dataClass}|${e.place}|${e.rule}`;
      counts.set(key, (counts.get(key) || 0) + e.count);
    }
    replace(node, h('h2', { id: 'privacy-heading' }, 'Kept hidden from the technician'),
      ledger.total === 0 ? h('p', { class: 'ledger-total' }, 'Nothing sensitive has come up so far.')
        : [h('p', { class: 'ledger-total' }, ledger.total === 1 ? '1 sensitive value was masked so far:' : `${ledger.total} sensitive values were masked so far:`),
          h('ul', { class: 'ledger' }, [...counts].map(([key, count]) => {
            const [dataClass, place, rule] = key.split('|');
            return h('li', { 'data-class': dataClass }, `${count} × ${classTitle(cat, dataClass)} ${PLACES[place] || place}, ${RULES[rule] || rule}`);
          }))],
      h('h3', {}, 'Shown to the technician'),
      revealable.length
        ? h('ul', { class: 'reveal-list' }, revealable.map((c) => revealRow(c, ledger.revealed.includes(c))))
        : h('p', {}, 'This kind of session always keeps every sensitive value hidden.'));
  }

  function revealRow(dataClass, shown) {
    const message = h('p', { class: 'problem', role: 'alert', hidden: true });
    const title = classTitle(cat, dataClass);
    const act = async (event) => {
      event.target.disabled = true;
      message.hidden = true;
      const path = `/api/v1/sessions/${sessionId}/redactions/${shown ? 'hide' : 'reveal'}`;
      try {
        const body = { dataClass };
        await (shown ? post(path, body) : withStepUp(() => post(path, body)));
        announce(shown ? `${capitalised(title)} are hidden again from the next answer on.` : `${capitalised(title)} are shown from the next answer on.`);
        await refresh();
      } catch (error) {
        message.textContent = problemInWords(error);
        message.hidden = false;
        event.target.disabled = false;
      }
    };
    return h('li', { 'data-class': dataClass },
      h('span', {}, `${capitalised(title)}: `, h('strong', {}, shown ? 'shown' : 'hidden')), ' ',
      live ? h('button', { type: 'button', class: shown ? 'secondary' : 'primary', onclick: act },
        shown ? `Hide ${title}` : `Show ${title}`) : null,
      message);
  }

  return { node, refresh };
}
