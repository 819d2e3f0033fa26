// One request explained in plain words, with the most restrictive choice preselected: only the read-only operations
// ticked (every change, restart and update is opt-in), no sensitive data revealed, the shortest duration. Allowing
// needs a fresh confirmation (step-up); narrowing is unticking; refusing never needs more than a click.
import { get, post } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { el as h, replace } from '/assets/ui.js';
import { nextId } from '/app/ids.js';
import { problemInWords, minutesInWords, clock, capitalised, listInWords, stateInWords } from '/app/words.js';
import { catalogue, classTitle } from '/app/catalogue.js';

const KIND_WORDS = { read: 'Looks only', write: 'Changes settings', reboot: 'Restarts', update: 'Installs software' };
const RISK_WORDS = { low: 'low risk', medium: 'medium risk', high: 'high risk' };

export async function show(view, sessionId) {
  const [session, cat] = await Promise.all([get(`/api/v1/sessions/${sessionId}`), catalogue()]);
  const r = session.request;
  const who = `${r.technician || 'A technician'}${r.provider ? ` from ${r.provider}` : ''}`;
  view.title(`${who} asks for access`);
  if (session.state !== 'requested') {
    replace(view.root, h('p', {}, `This request is ${stateInWords(session.state)}.`),
      h('p', {}, h('a', { href: `#/sessions/${session.id}` }, 'See the session'), ' · ', h('a', { href: '#/requests' }, 'All requests')));
    return null;
  }

  const opBoxes = new Map();
  const deviceBoxes = new Map();
  const revealBoxes = new Map();
  const durationName = nextId('duration');
  const message = h('p', { class: 'problem', role: 'alert', hidden: true });

  const devices = h('fieldset', { class: 'choices' },
    h('legend', {}, 'On these devices'),
    session.devices.map((d) => {
      const id = nextId('device');
      const box = h('input', { type: 'checkbox', id, name: 'device', value: d.id, checked: true });
      deviceBoxes.set(d.id, box);
      return h('div', { class: 'choice' }, box,
        h('label', { for: id }, `${d.id}`, h('span', { class: 'muted' }, ` ${[d.kind, d.model].filter(Boolean).join(', ')}`)));
    }));

  const operations = h('fieldset', { class: 'choices' },
    h('legend', {}, 'What they may do'),
    h('p', { class: 'hint' }, 'Looking is ticked. Anything that changes, restarts or installs something is only allowed if you tick it.'),
    r.operations.map((o) => {
      const id = nextId('op');
      const detailsId = nextId('op-details');
      const box = h('input', { type: 'checkbox', id, name: 'operation', value: o.op, checked: o.readOnly, 'aria-describedby': detailsId });
      opBoxes.set(o.op, box);
      const couldShow = o.dataClasses.filter((c) => r.revealable.includes(c));
      const neverShows = o.dataClasses.filter((c) => !r.revealable.includes(c));
      return h('div', { class: `choice operation risk-${o.risk}`, 'data-op': o.op }, box,
        h('label', { for: id }, capitalised(o.title),
          h('span', { class: `badge kind-${o.kind}` }, `${KIND_WORDS[o.kind] || o.kind}, ${RISK_WORDS[o.risk] || o.risk}`)),
        h('dl', { class: 'explain', id: detailsId },
          h('dt', {}, 'What it does'), h('dd', {}, o.does),
          h('dt', {}, 'It can see'), h('dd', {}, o.reads),
          h('dt', {}, 'It can change'), h('dd', {}, o.changes),
          h('dt', {}, 'It cannot'), h('dd', {}, o.never),
          h('dt', {}, 'Why a technician asks'), h('dd', {}, o.why),
          o.dataClasses.length ? [h('dt', {}, 'Sensitive data it may come across'), h('dd', {},
            `${capitalised(listInWords(o.dataClasses.map((c) => classTitle(cat, c))))}. `,
            couldShow.length ? `Kept hidden unless you allow it below${neverShows.length ? ` (${listInWords(neverShows.map((c) => classTitle(cat, c)))}: always)` : ''}.`
              : 'Always kept hidden in this kind of session.')]
            : null));
    }));

  const duration = h('fieldset', { class: 'choices' },
    h('legend', {}, 'For how long'),
    h('p', { class: 'hint' }, `They asked for ${minutesInWords(r.durationMinutes)}. The time starts when you allow it.`),
    r.durationChoices.map((minutes, index) => {
      const id = nextId('minutes');
      return h('div', { class: 'choice' },
        h('input', { type: 'radio', id, name: durationName, value: String(minutes), checked: index === 0 }),
        h('label', { for: id }, minutesInWords(minutes)));
    }));

  const reveal = h('fieldset', { class: 'choices' },
    h('legend', {}, 'Sensitive data they may see'),
    r.revealable.length
      ? [h('p', { class: 'hint' }, 'Everything sensitive stays hidden (masked) unless you tick it here. You can still show or hide it during the session.'),
        r.revealable.map((c) => {
          const id = nextId('reveal');
          const box = h('input', { type: 'checkbox', id, name: 'reveal', value: c, checked: false });
          revealBoxes.set(c, box);
          const d = cat.dataClasses.get(c);
          return h('div', { class: 'choice' }, box,
            h('label', { for: id }, capitalised(classTitle(cat, c)), d ? h('span', { class: 'muted' }, ` (for example ${d.examples})`) : null));
        })]
      : h('p', {}, `Nothing sensitive can be shown in this kind of session: ${listInWords([...cat.dataClasses.values()].map((d) => d.title))} always stay hidden.`));

  const allow = h('button', { type: 'submit', class: 'primary' }, 'Allow what is ticked');
  const refuse = h('button', { type: 'button', class: 'secondary', onclick: deny }, 'Refuse');
  const form = h('form', { class: 'request-form', onsubmit: approve, onchange: check },
    h('section', { class: 'card', 'aria-labelledby': 'who-heading' },
      h('h2', { id: 'who-heading' }, 'Who and why'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Technician'), h('dd', {}, r.technician || 'unknown'),
        h('dt', {}, 'Company'), h('dd', {}, r.provider || 'unknown'),
        h('dt', {}, 'Their reason'), h('dd', {}, r.reason),
        r.templateName ? [h('dt', {}, 'Kind of help'), h('dd', {}, `${r.templateName}: ${r.templateDescription}`)] : null,
        h('dt', {}, 'Answer by'), h('dd', {}, `${clock(session.requestExpiresAt)} (after that the request lapses; nothing is allowed by itself)`))),
    devices, operations, duration, reveal,
    message,
    h('div', { class: 'actions' }, allow, refuse));
  replace(view.root, h('p', {}, h('a', { href: '#/requests' }, 'All requests')), form);
  check();

  /** The requested grants cut down to what is ticked (only narrowing: the API refuses anything wider). */
  function chosenScope() {
    const ops = new Set([...opBoxes].filter(([, b]) => b.checked).map(([op]) => op));
    const devs = new Set([...deviceBoxes].filter(([, b]) => b.checked).map(([d]) => d));
    const grants = session.requestedScope.grants
      .map((g) => ({ devices: g.devices.filter((d) => devs.has(d)), ops: g.ops.filter((o) => ops.has(o)) }))
      .filter((g) => g.devices.length && g.ops.length);
    return { grants };
  }

  function check() {
    const empty = chosenScope().grants.length === 0;
    allow.disabled = empty;
    message.hidden = !empty;
    if (empty) message.textContent = 'Nothing is ticked: tick at least one thing on one device, or refuse the request.';
  }

  async function approve(event) {
    event.preventDefault();
    const body = {
      scope: chosenScope(),
      durationMinutes: Number(form.querySelector(`input[name="${durationName}"]:checked`).value),
      reveal: [...revealBoxes].filter(([, b]) => b.checked).map(([c]) => c),
    };
    allow.disabled = true;
    message.hidden = true;
    try {
      const approved = await withStepUp(() => post(`/api/v1/sessions/${session.id}/approve`, body));
      view.announce(`Allowed until ${clock(approved.expiresAt)}.`);
      view.go(`/sessions/${approved.id}`);
    } catch (error) {
      message.textContent = problemInWords(error);
      message.hidden = false;
      allow.disabled = false;
    }
  }

  async function deny() {
    refuse.disabled = true;
    message.hidden = true;
    try {
      await post(`/api/v1/sessions/${session.id}/deny`);
      replace(view.root, h('p', { class: 'done', role: 'status' }, `You refused the request of ${who}. Nothing was allowed.`),
        h('p', {}, h('a', { href: '#/requests' }, 'Back to the requests')));
    } catch (error) {
      message.textContent = problemInWords(error);
      message.hidden = false;
      refuse.disabled = false;
    }
  }
  return null;
}
