// What the technician asks while the session runs: more access (escalations) and more time (extensions). Allowing
// needs a fresh confirmation (step-up), like the first approval; refusing never does.
import { post } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { el as h, replace } from '/assets/ui.js';
import { problemInWords, minutesInWords, listInWords } from '/app/words.js';
import { opTitle, byDevice } from '/app/catalogue.js';

/** Redraws the open questions of `session` into `node`; `changed()` is called after each decision. */
export function drawDecisions(node, { session, extensions, cat, who, announce, changed }) {
  const escalations = session.escalations.filter((e) => e.state === 'requested');
  const more = extensions.filter((x) => x.state === 'requested');
  if (!escalations.length && !more.length) {
    replace(node);
    node.hidden = true;
    return;
  }
  node.hidden = false;
  replace(node, h('h2', { id: 'decide-heading' }, `${who} asks you`),
    escalations.map((e) => question({
      kind: 'escalation',
      id: e.id,
      text: `to also ${listInWords(byDevice(cat, e.scope.grants).map((d) => `${listInWords(d.ops.map((op) => opTitle(cat, op)))} on ${d.device}`))}`,
      reason: e.reason,
      note: 'The session keeps its end time; only what they may do grows.',
      allowPath: `/api/v1/sessions/${session.id}/escalations/${e.id}/approve`,
      denyPath: `/api/v1/sessions/${session.id}/escalations/${e.id}/deny`,
      allowed: 'You allowed more access.',
      refused: 'You refused more access.',
    })),
    more.map((x) => question({
      kind: 'extension',
      id: x.id,
      text: `for ${minutesInWords(x.minutes)} more`,
      reason: x.reason,
      note: 'Only the end time moves; what they may do stays the same.',
      allowPath: `/api/v1/sessions/${session.id}/extensions/${x.id}/approve`,
      denyPath: `/api/v1/sessions/${session.id}/extensions/${x.id}/deny`,
      allowed: 'You gave more time.',
      refused: 'You refused more time.',
    })));

  function question(q) {
    const message = h('p', { class: 'problem', role: 'alert', hidden: true });
    const decide = (path, stepUp, said) => async (event) => {
      const buttons = event.target.closest('.question').querySelectorAll('button');
      buttons.forEach((b) => { b.disabled = true; });
      message.hidden = true;
      try {
        await (stepUp ? withStepUp(() => post(path)) : post(path));
        announce(said);
        await changed();
      } catch (error) {
        message.textContent = problemInWords(error);
        message.hidden = false;
        buttons.forEach((b) => { b.disabled = false; });
      }
    };
    return h('div', { class: 'question card', 'data-question': q.kind, 'data-id': q.id },
      h('p', { class: 'ask' }, `${who} asks ${q.text}.`),
      h('p', {}, `Their reason: ${q.reason}`),
      h('p', { class: 'hint' }, q.note),
      message,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: decide(q.allowPath, true, q.allowed) }, 'Allow'),
        h('button', { type: 'button', class: 'secondary', onclick: decide(q.denyPath, false, q.refused) }, 'Refuse')));
  }
}
