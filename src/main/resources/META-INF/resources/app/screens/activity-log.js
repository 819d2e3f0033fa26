// The session's activity as it happens: each command with its outcome, the technician connecting and leaving, and
// every decision, in plain words. Fed first from the stored audit (GET …/audit) and then from the live socket; the
// audit seq keeps each event once, whichever way it came.
import { el as h } from '/assets/ui.js';
import { clock, capitalised } from '/app/words.js';
import { opTitle } from '/app/catalogue.js';

const DENIALS = {
  out_of_scope: 'you did not allow this',
  expired: 'the time was up',
  rate_limited: 'too many commands at once',
  audit_unavailable: 'it could not be recorded, so it was not sent',
  device_unknown: 'the hub does not know this device',
  hub_offline: 'the hub was not connected',
  session_not_active: 'the session was not going on',
  hub_quarantined: 'the hub failed its security check',
  update_unsigned: 'the update was not signed by the maker',
  update_signature_invalid: "the update's signature is not the maker's",
  update_wrong_model: 'the update is for another model',
  update_downgrade: 'the update is older than what is installed',
  duplicate_id: 'the same command was still running',
};

const EVENTS = {
  'session.requested': (w) => `${w} asked for access`,
  'session.approved': () => 'Your household allowed the session',
  'session.activated': (w) => `${w} connected`,
  'session.deactivated': (w) => `${w} disconnected`,
  'session.suspended': () => 'Your household paused the session',
  'session.resumed': () => 'Your household resumed the session',
  'session.ended': () => 'The session ended',
  'session.revoked': () => 'Your household stopped the session',
  'session.expired': () => 'The time ran out; the session ended',
  'session.killed': () => 'The Chaperone operators stopped the session',
  'escalation.requested': (w) => `${w} asked for more access`,
  'escalation.approved': () => 'Your household allowed more access',
  'escalation.denied': () => 'Your household refused more access',
  'extension.requested': (w) => `${w} asked for more time`,
  'extension.approved': () => 'Your household gave more time',
  'extension.denied': () => 'Your household refused more time',
  'data_class.revealed': () => 'Your household showed a kind of sensitive data',
  'data_class.hidden': () => 'Your household hid a kind of sensitive data again',
  'anomaly.flagged': () => 'Chaperone noticed something unusual',
  'report.generated': () => 'The session report is ready',
};

/** Kinds that only say how the connection was made: not something a resident watches for. */
const QUIET = new Set(['ticket.issued', 'ticket.used', 'consent.receipt', 'session.closed']);

export function activityLog(cat, technicianName) {
  const seen = new Set();
  const commands = new Map();
  const list = h('ol', { class: 'activity' });
  const empty = h('p', { class: 'muted' }, 'Nothing has happened yet. Each command appears here the moment it is sent.');
  // role=log (polite by itself) on a wrapper: on the <ol> it would take away the list's role. The wrapper scrolls,
  // so it takes the keyboard focus (arrow keys scroll it).
  const node = h('div', { role: 'log', 'aria-label': 'What happens in the session', class: 'activity-scroll', tabindex: 0 },
    empty, list);
  const who = technicianName || 'The technician';

  function line(event, text, status) {
    empty.hidden = true;
    const item = h('li', { 'data-kind': event.kind, 'data-seq': event.seq },
      h('time', { datetime: event.at }, clock(event.at)), ' ', h('span', { class: 'what' }, text),
      status ? [' ', status] : null);
    list.append(item);
    return item;
  }

  function add(event) {
    if (event.seq !== undefined && seen.has(event.seq)) return;
    if (event.seq !== undefined) seen.add(event.seq);
    if (QUIET.has(event.kind)) return;
    const what = event.op ? `${opTitle(cat, event.op)}${event.device ? ` on ${event.device}` : ''}` : null;
    if (event.kind === 'command') {
      const status = h('span', { class: 'status status-wait' }, 'sent, waiting for the answer');
      line(event, `${who} asked to ${what || 'run a command'}`, status);
      if (event.correlationId) commands.set(event.correlationId, status);
    } else if (event.kind === 'command.denied') {
      const reason = (event.outcome || '').replace(/^denied:/, '');
      line(event, `Chaperone refused: ${what || 'a command'}`, h('span', { class: 'status status-bad' },
        DENIALS[reason] ? `(${DENIALS[reason]})` : '(not allowed)'));
    } else if (event.kind === 'result') {
      const status = event.correlationId && commands.get(event.correlationId);
      const ok = event.outcome === 'ok';
      if (status) {
        status.textContent = ok ? 'done' : 'failed';
        status.className = `status ${ok ? 'status-good' : 'status-bad'}`;
      } else {
        line(event, ok ? 'A command finished' : 'A command failed');
      }
    } else if (event.kind === 'output') {
      const status = event.correlationId && commands.get(event.correlationId);
      if (status && status.textContent.startsWith('sent')) status.textContent = 'answering…';
    } else if (event.kind === 'command.abandoned') {
      const status = event.correlationId && commands.get(event.correlationId);
      if (status) {
        status.textContent = 'no answer';
        status.className = 'status status-bad';
      }
    } else if (EVENTS[event.kind]) {
      line(event, EVENTS[event.kind](who));
    } else {
      line(event, capitalised(event.kind.replace(/[._]/g, ' ')));
    }
  }

  return { node, add };
}
