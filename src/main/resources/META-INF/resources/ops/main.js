// Ops dashboard: live counts and charts from /ws/ops/live (metadata only), lists of open sessions and hubs with
// the kill switch, templates due for review and the audit verifier's last run. Everything over the public API.
import { currentSession, get, post, signInUrl, signOut } from '/assets/api.js';
import { announce, clear, el, formatInstant, replace, showError } from '/assets/ui.js';
import { openSocket } from '/assets/ws.js';
import { Sparkline } from '/ops/chart.js';

const OPEN_STATES = new Set(['requested', 'approved', 'active', 'suspended']);
const $ = (id) => document.getElementById(id);
const errorBox = $('error');

const charts = {
  commands: new Sparkline({ id: 'chart-commands', label: 'Commands per second', digits: 1 }),
  open: new Sparkline({ id: 'chart-open', label: 'Open sessions' }),
  audit: new Sparkline({ id: 'chart-audit', label: 'Audit commit p99', unit: ' ms', digits: 1, danger: true }),
  hubs: new Sparkline({ id: 'chart-hubs', label: 'Hubs online' }),
};
$('charts').append(...Object.values(charts).map((c) => c.node));

function fail(error) {
  showError(errorBox, error);
}

function table(headers, rows, empty) {
  if (!rows.length) return el('p', { class: 'muted' }, empty);
  return el('table', {},
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', class: h.num ? 'num' : null }, h.label || h)))),
    el('tbody', {}, rows));
}

const short = (id) => (id ? id.slice(0, 8) : '');
const sum = (counts) => Object.values(counts || {}).reduce((a, b) => a + b, 0);

// ---- the live feed ----

let lastSessions = '';
let lastHubs = -1;
let retry = 1;

function showSnapshot(frame) {
  const c = frame.cluster;
  const sessions = c.sessions;
  $('m-hubs').textContent = c.hubsOnline;
  $('m-live').textContent = c.liveSessions;
  for (const state of OPEN_STATES) $(`m-${state}`).textContent = sessions ? sessions[state] : 'n/a';
  $('m-cps').textContent = c.commandsPerSecond.toFixed(1);
  $('m-dps').textContent = c.deniedPerSecond.toFixed(1);
  $('m-audit').textContent = `${c.auditCommitP50Ms.toFixed(1)} / ${c.auditCommitP99Ms.toFixed(1)}`;
  $('m-queue').textContent = c.auditQueueDepth;
  const flags = sum(c.anomalyFlagsLastMinute);
  $('m-anomalies').textContent = flags;
  $('m-anomalies').parentElement.classList.toggle('alerting', flags > 0);
  $('m-nodes').textContent = c.nodes;
  charts.commands.push(c.commandsPerSecond);
  charts.open.push(sessions ? sum(sessions) : 0);
  charts.audit.push(c.auditCommitP99Ms);
  charts.hubs.push(c.hubsOnline);

  replace($('denials'), table(['Reason', { label: 'Denied', num: true }],
    Object.entries(c.deniedLastMinute).sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => el('tr', {}, el('td', { class: 'mono' }, reason), el('td', { class: 'num' }, n))),
    'No command was denied in the last minute.'));
  const rules = new Set([...Object.keys(c.anomalyFlagsTotal), ...Object.keys(c.anomalyFlagsLastMinute)]);
  replace($('anomalies'), el('div', {},
    table(['Rule', { label: 'Last minute', num: true }, { label: 'Since start', num: true }],
      [...rules].sort().map((rule) => el('tr', {}, el('td', { class: 'mono' }, rule),
        el('td', { class: 'num' }, c.anomalyFlagsLastMinute[rule] || 0), el('td', { class: 'num' }, c.anomalyFlagsTotal[rule] || 0))),
      'No anomaly flagged since the nodes started.'),
    c.anomalySevereTotal ? el('p', { class: 'muted' }, `${c.anomalySevereTotal} severe (sessions suspended)`) : null));
  replace($('nodes'), table(['Node', { label: 'Hubs', num: true }, { label: 'Technicians', num: true },
    { label: 'Commands/s', num: true }, { label: 'Audit p99 ms', num: true }, { label: 'Queue', num: true },
    { label: 'Sample age', num: true }],
  frame.nodes.map((n) => el('tr', {}, el('td', { class: 'mono' }, n.self ? `${n.nodeId} (this node)` : n.nodeId),
    el('td', { class: 'num' }, n.hubsConnected), el('td', { class: 'num' }, n.liveSessions),
    el('td', { class: 'num' }, n.commandsPerSecond.toFixed(1)), el('td', { class: 'num' }, n.auditCommitP99Ms.toFixed(1)),
    el('td', { class: 'num' }, n.auditQueueDepth), el('td', { class: 'num' }, `${n.ageMillis} ms`))),
  'No node has reported yet.'));
  $('feed-detail').textContent = `updated ${new Date(frame.at).toLocaleTimeString()}`;

  const sessionsKey = JSON.stringify(sessions);
  if (sessionsKey !== lastSessions) {
    lastSessions = sessionsKey;
    loadSessions();
  }
  if (c.hubsOnline !== lastHubs) {
    lastHubs = c.hubsOnline;
    loadHubs();
  }
}

function connect() {
  const socket = openSocket('/ws/ops/live');
  socket.addEventListener('open', () => {
    retry = 1;
    $('feed-state').className = 'badge ok';
    $('feed-state').textContent = 'Live';
  });
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === 'ops.snapshot') showSnapshot(frame);
  });
  socket.addEventListener('close', (event) => {
    $('feed-state').className = 'badge warn';
    $('feed-state').textContent = `Disconnected (${event.code}); reconnecting in ${retry} s`;
    setTimeout(connect, retry * 1000);
    retry = Math.min(15, retry * 2);
  });
}

// ---- lists ----

async function loadSessions() {
  try {
    const open = (await get('/api/v1/sessions')).filter((s) => OPEN_STATES.has(s.state));
    replace($('session-list'), table(['Session', 'State', 'Home', 'Hub', 'Requested', 'Ends', { label: 'Action' }],
      open.map((s) => el('tr', { dataset: { session: s.id } },
        el('td', { class: 'id', title: s.id }, short(s.id)),
        el('td', {}, el('span', { class: `badge ${s.state === 'active' ? 'ok' : s.state === 'suspended' ? 'warn' : ''}` }, s.state)),
        el('td', { class: 'id', title: s.homeId }, short(s.homeId)),
        el('td', { class: 'id', title: s.hubId }, short(s.hubId)),
        el('td', {}, formatInstant(s.requestedAt)),
        el('td', {}, s.expiresAt ? formatInstant(s.expiresAt) : '—'),
        el('td', {}, el('button', { type: 'button', class: 'danger', 'aria-label': `Terminate session ${short(s.id)}`,
          onclick: (e) => confirmKill(e.currentTarget, { what: `session ${short(s.id)} (${s.state})`,
            path: `/api/v1/ops/sessions/${s.id}/kill`, done: `Session ${short(s.id)} terminated` }) }, 'Terminate')))),
      'No open session.'));
  } catch (error) {
    fail(error);
  }
}

async function loadHubs() {
  try {
    const hubs = await get('/api/v1/ops/hubs');
    replace($('hub-list'), table(['Hub', 'Name', 'Home', 'Firmware', 'State', 'Last seen', { label: 'Action' }],
      hubs.map((h) => {
        const state = h.killed ? el('span', { class: 'badge danger' }, 'killed')
          : h.quarantined ? el('span', { class: 'badge warn' }, 'quarantined')
            : el('span', { class: `badge ${h.online ? 'ok' : ''}` }, h.online ? 'online' : 'offline');
        const action = h.killed
          ? el('button', { type: 'button', 'aria-label': `Lift the kill of hub ${h.name}`,
            onclick: (e) => confirmKill(e.currentTarget, { what: `lifting the kill of hub ${h.name}`, action: 'Lift',
              path: `/api/v1/ops/hubs/${h.id}/lift`, done: `Hub ${h.name} may connect again` }) }, 'Lift kill')
          : el('button', { type: 'button', class: 'danger', 'aria-label': `Kill hub ${h.name}`,
            onclick: (e) => confirmKill(e.currentTarget, { what: `hub ${h.name} and every open session on it`,
              path: `/api/v1/ops/hubs/${h.id}/kill`, done: `Hub ${h.name} killed` }) }, 'Kill hub');
        return el('tr', { dataset: { hub: h.id } }, el('td', { class: 'id', title: h.id }, short(h.id)), el('td', {}, h.name),
          el('td', { class: 'id', title: h.homeId }, short(h.homeId)), el('td', {}, `${h.model} ${h.firmware}`),
          el('td', {}, state), el('td', {}, h.lastSeenAt ? formatInstant(h.lastSeenAt) : '—'), el('td', {}, action));
      }), 'No hub enrolled.'));
  } catch (error) {
    fail(error);
  }
}

async function loadReviews() {
  try {
    const due = await get('/api/v1/ops/templates/due-for-review');
    replace($('review-list'), table(['Template', { label: 'Version', num: true }, 'Owner', 'Review by'],
      due.map((t) => el('tr', {}, el('td', {}, t.name), el('td', { class: 'num' }, t.version),
        el('td', {}, t.owner || '—'), el('td', {}, formatInstant(t.reviewBy)))),
      'No template is due for review.'));
  } catch (error) {
    fail(error);
  }
}

function showVerification(run) {
  if (!run) {
    replace($('audit-result'), el('p', { class: 'muted' }, 'The verifier has not run yet.'));
    return;
  }
  replace($('audit-result'), el('div', {},
    el('p', {}, el('span', { class: `badge ${run.valid ? 'ok' : 'danger'}` }, run.valid ? 'All chains valid' : 'Broken chains found'),
      ' ', `${run.chains} chains, ${run.records} records, ${formatInstant(run.finishedAt)} by ${run.requestedBy}`),
    run.broken.length ? table(['Chain', { label: 'First broken seq', num: true }, 'Reason'],
      run.broken.map((b) => el('tr', {}, el('td', { class: 'id', title: b.chainId }, short(b.chainId)),
        el('td', { class: 'num' }, b.firstBrokenSeq), el('td', { class: 'mono' }, b.reason))), '') : null));
}

async function loadVerification() {
  try {
    const [latest] = await get('/api/v1/ops/audit/verifications?limit=1');
    showVerification(latest || null);
  } catch (error) {
    fail(error);
  }
}

$('run-verify').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  replace($('audit-result'), el('p', { class: 'muted' }, 'Verifying…'));
  try {
    const run = await post('/api/v1/ops/audit/verifications');
    showVerification(run);
    announce(run.valid ? `Verification done: ${run.chains} chains valid` : 'Verification found broken chains');
  } catch (error) {
    fail(error);
    loadVerification();
  } finally {
    button.disabled = false;
  }
});

// ---- the kill switch: confirmation with a reason ----

const dialog = $('kill-dialog');
let pending = null;

function confirmKill(opener, target) {
  pending = { ...target, opener };
  $('kill-title').textContent = target.action === 'Lift' ? 'Lift a hub kill' : 'Emergency stop';
  $('kill-what').textContent = target.action === 'Lift' ? `Confirm ${target.what}.` : `This stops ${target.what} now.`;
  $('kill-confirm').textContent = target.action === 'Lift' ? 'Lift the kill' : 'Stop it now';
  $('kill-confirm').className = target.action === 'Lift' ? 'primary' : 'danger';
  $('kill-reason').value = '';
  $('kill-reason').removeAttribute('aria-invalid');
  clear($('kill-error'));
  dialog.showModal();
  $('kill-reason').focus();
}

function closeDialog() {
  dialog.close();
}

// Cancel, Escape or a done kill: the focus goes back to the button that opened the dialog (if it is still there).
dialog.addEventListener('close', () => {
  if (pending && pending.opener && pending.opener.isConnected) pending.opener.focus();
});

$('kill-cancel').addEventListener('click', closeDialog);
$('kill-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const reason = $('kill-reason').value.trim();
  if (!reason) {
    $('kill-reason').setAttribute('aria-invalid', 'true');
    replace($('kill-error'), 'Give a reason: it is recorded in the audit trail.');
    $('kill-reason').focus();
    return;
  }
  $('kill-confirm').disabled = true;
  try {
    await post(pending.path, { reason });
    announce(pending.done, { assertive: true });
    closeDialog();
    replace(errorBox);
    await Promise.all([loadSessions(), loadHubs()]);
    // the row and its button are gone: the focus goes to the list's heading
    if (!pending.opener.isConnected) $(pending.path.includes('/hubs/') ? 'hubs-title' : 'sessions-title').focus();
  } catch (error) {
    showError($('kill-error'), error);
  } finally {
    $('kill-confirm').disabled = false;
  }
});

// ---- start ----

const session = await currentSession();
if (!session) {
  location.assign(signInUrl());
} else if (session.role !== 'ops') {
  $('feed-state').textContent = 'Not available';
  replace(errorBox, `This dashboard is for operations staff; you are signed in as ${session.name || session.subject} (${session.role}).`);
} else {
  $('who').textContent = `Signed in as ${session.name || session.subject} (ops)`;
  $('sign-out').hidden = false;
  $('sign-out').addEventListener('click', () => signOut('/'));
  connect();
  loadSessions();
  loadHubs();
  loadReviews();
  loadVerification();
  setInterval(loadSessions, 15000);
  setInterval(loadHubs, 30000);
  setInterval(loadReviews, 60000);
}
