// Watching a session live: time left, one-click Stop now, what the technician may do, what they ask for, each
// command as it happens and what was kept hidden. Live through the home's activity socket; the page reads the stored
// state again after every change, so two tabs or two members of the household see the same.
import { get, post } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { el as h, replace } from '/assets/ui.js';
import { problemInWords, stateInWords, isLive, clock, countdown, minutesInWords, listInWords, capitalised } from '/app/words.js';
import { catalogue, opTitle, classTitle, byDevice } from '/app/catalogue.js';
import { watchHomes } from '/app/live.js';
import { activityLog } from '/app/screens/activity-log.js';
import { drawDecisions } from '/app/screens/decisions.js';
import { privacyPanel } from '/app/screens/privacy-panel.js';

const AUDIT_PAGE = 200;
const WARN_AT_SECONDS = [300, 60];

export async function show(view, sessionId) {
  const [first, cat] = await Promise.all([get(`/api/v1/sessions/${sessionId}`), catalogue()]);
  let session = first;
  const r = session.request;
  const who = r.technician || 'The technician';
  view.title(`Session with ${who}${r.provider ? ` from ${r.provider}` : ''}`);

  const stateLine = h('p', { class: 'session-state', role: 'status' });
  const timeLeft = h('p', { class: 'time-left', role: 'timer', 'aria-live': 'off' });
  const stopMessage = h('div', { class: 'stop-message', role: 'alert' });
  const stopButton = h('button', { type: 'button', class: 'stop-now', onclick: stopNow }, 'Stop now');
  const pauseButton = h('button', { type: 'button', class: 'secondary', onclick: pause }, 'Pause');
  const resumeButton = h('button', { type: 'button', class: 'secondary', onclick: resume }, 'Let them continue');
  const controls = h('section', { class: 'card controls', 'aria-label': 'Control the session' },
    stateLine, timeLeft, h('div', { class: 'actions' }, stopButton, pauseButton, resumeButton), stopMessage);
  const permissions = h('section', { class: 'card', 'aria-labelledby': 'allowed-heading' });
  const decisions = h('section', { class: 'decisions', 'aria-labelledby': 'decide-heading', hidden: true });
  const log = activityLog(cat, r.technician);
  const activity = h('section', { class: 'card', 'aria-labelledby': 'activity-heading' },
    h('h2', { id: 'activity-heading' }, 'What happens'), log.node);
  const privacy = privacyPanel({ sessionId, revealable: r.revealable, cat, announce: view.announce });
  replace(view.root, h('p', {}, h('a', { href: '#/requests' }, 'All requests and sessions')),
    controls, decisions, permissions, activity, privacy.node);

  let warned = new Set();
  let stopping = false;

  async function reload() {
    session = await get(`/api/v1/sessions/${sessionId}`);
    const extensions = isLive(session.state) ? await get(`/api/v1/sessions/${sessionId}/extensions`).catch(() => []) : [];
    draw(extensions);
  }

  function draw(extensions) {
    const live = isLive(session.state);
    stateLine.textContent = `This session is ${stateInWords(session.state)}.`;
    stopButton.hidden = !live || stopping;
    pauseButton.hidden = !['approved', 'active'].includes(session.state);
    resumeButton.hidden = session.state !== 'suspended';
    if (!live && session.endedAt && !stopMessage.textContent) {
      stopMessage.textContent = `It ended at ${clock(session.endedAt)}${session.endReason ? ` (${session.endReason})` : ''}.`;
    }
    replace(permissions, h('h2', { id: 'allowed-heading' }, live ? `What ${who} may do` : `What ${who} was allowed`),
      session.scope.grants.length ? h('ul', { class: 'allowed' }, byDevice(cat, session.scope.grants).map((d) => h('li', {},
        `${capitalised(listInWords(d.ops.map((op) => opTitle(cat, op))))} on ${d.device}`)))
        : h('p', {}, 'Nothing.'),
      session.durationMinutes ? h('p', {}, `For ${minutesInWords(session.durationMinutes)}, until ${clock(session.expiresAt)}.`) : null,
      h('p', {}, session.reveal.length ? `Shown to them: ${listInWords(session.reveal.map((c) => classTitle(cat, c)))}.`
        : 'Nothing sensitive is shown to them.'),
      session.state === 'approved' && session.startBy ? h('p', { class: 'hint' }, `If ${who} does not connect by ${clock(session.startBy)}, the approval lapses.`) : null);
    drawDecisions(decisions, { session, extensions, cat, who, announce: view.announce, changed: reload });
    tick();
  }

  function tick() {
    if (!isLive(session.state) || !session.expiresAt) {
      timeLeft.textContent = '';
      return;
    }
    const seconds = (Date.parse(session.expiresAt) - Date.now()) / 1000;
    timeLeft.textContent = `Time left: ${countdown(seconds)}`;
    for (const at of WARN_AT_SECONDS) {
      if (seconds <= at && seconds > 0 && !warned.has(at)) {
        warned.add(at);
        view.announce(`${minutesInWords(at / 60)} left in the session.`);
      }
    }
    if (seconds <= 0) reload().catch(() => {});
  }

  /** Revoke: no step-up, ever. 200 means recorded; 202 means accepted and already in force, recorded shortly. */
  async function stopNow() {
    stopping = true;
    stopButton.disabled = true;
    stopMessage.textContent = 'Stopping…';
    try {
      const answer = await post(`/api/v1/sessions/${sessionId}/revoke`);
      if (answer && answer.code === 'revocation_pending') {
        stopMessage.textContent = `Stopped at ${clock(new Date().toISOString())}: ${who} can send nothing more. `
          + 'Chaperone is still writing it into the record; this page confirms when it is done.';
        await confirmRecorded();
      } else {
        session = answer;
        stopMessage.textContent = `Stopped at ${clock(answer.endedAt)}. ${who} was disconnected and can do nothing more.`;
      }
      await reload();
    } catch (error) {
      stopping = false;
      stopButton.disabled = false;
      stopMessage.textContent = `${problemInWords(error)} Press Stop now again.`;
    }
  }

  async function confirmRecorded() {
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const current = await get(`/api/v1/sessions/${sessionId}`).catch(() => null);
      if (current && !isLive(current.state)) {
        stopMessage.textContent = `Stopped at ${clock(current.endedAt || new Date().toISOString())}, and recorded. `
          + `${who} was disconnected and can do nothing more.`;
        return;
      }
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
    }
  }

  async function pause() {
    try {
      await post(`/api/v1/sessions/${sessionId}/suspend`);
      view.announce(`Paused: ${who} is disconnected until you let them continue.`);
      await reload();
    } catch (error) {
      stopMessage.textContent = problemInWords(error);
    }
  }

  async function resume() {
    try {
      await withStepUp(() => post(`/api/v1/sessions/${sessionId}/resume`));
      view.announce(`${who} may continue.`);
      await reload();
    } catch (error) {
      stopMessage.textContent = problemInWords(error);
    }
  }

  await loadHistory();
  await reload();
  await privacy.refresh(isLive(session.state));

  async function loadHistory() {
    const firstPage = await get(`/api/v1/sessions/${sessionId}/audit?size=${AUDIT_PAGE}`).catch(() => null);
    if (!firstPage) return;
    const lastPage = Math.max(0, Math.ceil(firstPage.total / AUDIT_PAGE) - 1);
    const page = lastPage === 0 ? firstPage : await get(`/api/v1/sessions/${sessionId}/audit?size=${AUDIT_PAGE}&page=${lastPage}`);
    page.events.forEach((e) => log.add(e));
  }

  let ledgerDue = null;
  const refreshLedgerSoon = () => {
    if (!ledgerDue) ledgerDue = setTimeout(() => { ledgerDue = null; privacy.refresh(isLive(session.state)); }, 1000);
  };
  const stopSockets = watchHomes([session.homeId], (frame) => {
    if (frame.type === 'activity' && frame.event.chainId === sessionId) {
      log.add(frame.event);
      const kind = frame.event.kind;
      if (kind === 'output' || kind === 'result') refreshLedgerSoon();
      if (/^(session|escalation|extension|data_class)\./.test(kind)) reload().then(() => privacy.refresh(isLive(session.state))).catch(() => {});
    } else if (frame.sessionId === sessionId) {
      if (frame.type === 'escalation.requested') view.announce(`${who} asks you for more access.`);
      if (frame.type === 'extension.requested') view.announce(`${who} asks you for more time.`);
      reload().catch(() => {});
    }
  });
  const timer = setInterval(tick, 1000);
  const ledgerTimer = setInterval(() => { if (isLive(session.state)) privacy.refresh(true); }, 5000);
  return () => {
    stopSockets();
    clearInterval(timer);
    clearInterval(ledgerTimer);
    if (ledgerDue) clearTimeout(ledgerDue);
  };
}
