// The session report: the gateway's JSON report (docs/report.md) rendered as text, never as markup; then the
// session's changes with rollback (changes.js) and the feedback form (feedback.js).
import { get } from '/assets/api.js';
import { h, replace, time, when, param, say, problemText } from './dom.js';
import { keepHomeInLinks, startScreen } from './frame.js';
import { OUTCOME, RESULT, DENIAL, RISK, words } from './words.js';
import { showChanges } from './changes.js';
import { showFeedback } from './feedback.js';

const sessionId = param('session');
const body = document.getElementById('report');
const READY_WAIT_MS = 2000;
const READY_TRIES = 45;
let shownVersion = 0;

async function load() {
  if (!(await startScreen())) return;
  if (!sessionId) {
    say('No session was named. Choose one from your past sessions.', 'error');
    return;
  }
  const session = await get(`/api/v1/sessions/${encodeURIComponent(sessionId)}`);
  keepHomeInLinks(session.homeId);
  const report = await reportWhenReady();
  if (!report) return;
  render(report, session);
  await Promise.all([
    showChanges(document.getElementById('changes'), session, () => refreshReport()),
    showFeedback(document.getElementById('feedback'), session),
  ]);
}

/** The report is built a moment after the session ends (docs/report.md): wait for it, saying so. */
async function reportWhenReady() {
  for (let attempt = 0; attempt < READY_TRIES; attempt++) {
    try {
      return await get(`/api/v1/sessions/${encodeURIComponent(sessionId)}/report`);
    } catch (error) {
      if (error.code !== 'report_not_ready') throw error;
      say('The report is being prepared. This page shows it as soon as it is ready.');
      await new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS));
    }
  }
  say('The report is not ready yet. Please come back in a minute.', 'error');
  return null;
}

/** After a rollback the gateway rebuilds the report (a new version): show its new risk and next steps once it is in. */
async function refreshReport() {
  for (let attempt = 0; attempt < READY_TRIES; attempt++) {
    const report = await get(`/api/v1/sessions/${encodeURIComponent(sessionId)}/report`);
    if (report.version > shownVersion) {
      shownVersion = report.version;
      replace(document.getElementById('report-risk'), ...risk(report));
      replace(document.getElementById('report-next'), ...next(report));
      document.getElementById('report-version').textContent = versionLine(report);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS));
  }
}

function render(r, session) {
  shownVersion = r.version;
  replace(body,
    h('p', { class: 'summary', id: 'report-summary' }, r.summary),
    section('The problem', 'problem',
      r.ticket ? h('p', {}, `Your ticket: “${r.ticket.summary}” (${r.ticket.category}), now ${r.ticket.state}.`)
        : h('p', {}, 'No ticket is linked to this session.'),
      h('p', {}, `The technician's reason: “${r.reason}”`)),
    section('Who and when', 'who', h('dl', { class: 'facts' },
      fact('Technician', `${r.technician.name || 'unknown'}${r.technician.provider ? ` from ${r.technician.provider}` : ''}`),
      r.template ? fact('Kind of help', `${r.template.name}${r.template.description ? ` — ${r.template.description}` : ''}`) : null,
      fact('Asked', time(r.timeline.requestedAt)),
      fact('You approved', r.timeline.approvedAt
        ? [time(r.timeline.approvedAt), r.timeline.approvedMinutes ? ` for ${r.timeline.approvedMinutes} minutes` : '']
        : 'never'),
      fact('Ended', [time(r.timeline.endedAt), ` — ${words(OUTCOME, r.state)}${r.endReason ? ` (${r.endReason})` : ''}`]),
      r.closed ? fact('How it closed', r.closed.explanation) : null)),
    section('Devices touched', 'devices', r.devicesTouched.length === 0 ? h('p', {}, 'No device was touched.')
      : h('ul', {}, r.devicesTouched.map((d) => h('li', {}, d.id, d.kind ? ` (${d.kind})` : '',
        d.security ? h('strong', {}, ' — a security device') : '')))),
    section('What the technician did', 'commands', commandList(r.commands, 'No command was run.')),
    r.gatewayCommands.length ? section('What the gateway did for you', 'gateway-commands',
      commandList(r.gatewayCommands, '')) : null,
    section('What was refused', 'denials', r.denials.length === 0 ? h('p', {}, 'Nothing was refused.')
      : h('ul', {}, r.denials.map((d) => h('li', {}, time(d.at), ': ',
        d.op ? `${d.opTitle || d.op}${d.device ? ` on ${d.device}` : ''}` : `${d.count} command(s)`,
        ` — ${words(DENIAL, d.reason)}`)))),
    section('Requests for more access', 'escalations', r.escalations.length === 0
      ? h('p', {}, 'The technician did not ask for more access.')
      : h('ul', {}, r.escalations.map((e) => h('li', {}, time(e.requestedAt), `: “${e.reason}” — ${e.state}`)))),
    h('section', { id: 'changes', 'aria-labelledby': 'changes-title', class: 'block' },
      h('h2', { id: 'changes-title' }, 'Settings changed')),
    section('Your privacy', 'privacy', ...privacy(r.privacy)),
    h('section', { 'aria-labelledby': 'report-risk-title', class: 'block' },
      h('h2', { id: 'report-risk-title' }, 'Risk'), h('div', { id: 'report-risk' }, ...risk(r))),
    h('section', { 'aria-labelledby': 'report-next-title', class: 'block' },
      h('h2', { id: 'report-next-title' }, 'What to do next'), h('div', { id: 'report-next' }, ...next(r))),
    h('section', { id: 'feedback', 'aria-labelledby': 'feedback-title', class: 'block' },
      h('h2', { id: 'feedback-title' }, 'Your feedback')),
    h('p', { class: 'muted', id: 'report-version' }, versionLine(r)),
    printButton());
  document.title = `Report of ${session.request && session.request.templateName
    ? session.request.templateName : 'a support session'} — Chaperone`;
  say('');
}

function versionLine(r) {
  return `Report version ${r.version}, made ${when(r.generatedAt)}. Its fingerprint is recorded in the session's `
    + 'tamper-evident audit trail, and the gateway checked it before showing it to you.';
}

function section(title, id, ...content) {
  return h('section', { 'aria-labelledby': `${id}-title`, class: 'block', id: `report-${id}-section` },
    h('h2', { id: `${id}-title` }, title), ...content);
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function commandList(commands, none) {
  if (commands.length === 0) return h('p', {}, none);
  return h('ul', { class: 'commands' }, commands.map((c) => h('li', {}, time(c.at), ` ${c.opTitle || c.op} on ${c.device}: `,
    h('strong', {}, words(RESULT, c.result)))));
}

function privacy(p) {
  const revealed = p.revealed.length === 0
    ? h('p', {}, 'You revealed nothing: every protected value was hidden from the technician.')
    : h('p', {}, `You let the technician see: ${p.revealed.join(', ')}.`);
  const hidden = Object.entries(p.redactions || {});
  return [revealed, hidden.length ? h('ul', {}, hidden.map(([dataClass, count]) =>
    h('li', {}, `${count} ${dataClass} value(s) were hidden.`))) : null];
}

function risk(r) {
  return [h('p', { class: `risk risk-${r.risk.level}` }, words(RISK, r.risk.level)),
    r.risk.factors.length ? h('ul', {}, r.risk.factors.map((f) => h('li', {}, f.text))) : null,
    r.anomalies.length ? h('p', {}, `${r.anomalies.length} unusual activity flag(s) were raised during the session.`) : null];
}

function next(r) {
  return [r.followUps.length === 0 ? h('p', {}, 'Nothing needs your attention.')
    : h('ul', {}, r.followUps.map((f) => h('li', {}, f)))];
}

function printButton() {
  const button = h('button', { type: 'button', class: 'no-print' }, 'Print this report');
  button.addEventListener('click', () => window.print());
  return button;
}

load().catch((error) => say(problemText(error, { not_found: 'This session does not exist or is not yours.',
  report_tampered: 'The stored report does not match its fingerprint in the audit trail, so it is not shown. '
    + 'Please tell the gateway operator.' }), 'error'));
