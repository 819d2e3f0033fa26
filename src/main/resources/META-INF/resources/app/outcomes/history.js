// Past sessions of a home: every ended session with how it ended, and a link to its report.
import { get } from '/assets/api.js';
import { h, clearNode, time, when, say, problemText } from './dom.js';
import { chooseHome, startScreen } from './frame.js';
import { TERMINAL, OUTCOME, words } from './words.js';

const list = document.getElementById('sessions');

async function show() {
  if (!(await startScreen())) return;
  const { home } = await chooseHome();
  clearNode(list);
  if (!home) {
    list.append(h('p', {}, 'You have no home yet.'));
    return;
  }
  const [sessions, templates] = await Promise.all([
    get(`/api/v1/sessions?homeId=${encodeURIComponent(home.id)}`),
    get('/api/v1/templates'),
  ]);
  const templateName = new Map(templates.map((t) => [t.id, t.name]));
  const ended = sessions.filter((s) => TERMINAL.has(s.state));
  if (ended.length === 0) {
    list.append(h('p', {}, 'No session of this home has ended yet. Open and live sessions are on the home screen.'));
    say('No ended sessions.');
    return;
  }
  list.append(h('ul', { class: 'cards' }, ended.map((s) => entry(s, home, templateName.get(s.templateId)))));
  say(`${ended.length} ended session${ended.length === 1 ? '' : 's'}.`);
}

function entry(session, home, templateName) {
  const report = `/app/outcomes/report.html?session=${encodeURIComponent(session.id)}&home=${encodeURIComponent(home.id)}`;
  return h('li', { class: 'card', 'data-session': session.id },
    h('h2', {}, templateName || 'Support session', ' — ', time(session.requestedAt)),
    h('p', { class: `outcome outcome-${session.state}` }, words(OUTCOME, session.state),
      session.endReason ? ` (${session.endReason})` : ''),
    h('p', {}, 'Ended ', time(session.endedAt || session.expiresAt)),
    h('a', { href: report, class: 'button' }, 'Read the report', h('span', { class: 'visually-hidden' },
      ` of the session asked on ${when(session.requestedAt)}`)));
}

show().catch((error) => say(problemText(error), 'error'));
