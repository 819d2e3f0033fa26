// The live console of an approved session: xterm.js for the transcript, a command line, and side panels that follow
// the gateway's `session` frames (permissions, time left, hub and devices) without reconnecting.
import { Terminal } from '/vendor/xterm-6.0.0/xterm.mjs';
import { FitAddon } from '/vendor/xterm-addon-fit-0.11.0/addon-fit.mjs';
import { api, ApiError } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { announce } from '/assets/ui.js';
import { openUnderCsp } from './xterm-csp.js';
import { ProofKey } from './dpop.js';
import { connect } from './ticket.js';
import { HELP, commandFrame, describeClose, mayReconnect, parseLine, plain, render, scopeLines } from './commands.js';
import { countdown, renderDevices, renderPermissions, updateDevice } from './panels.js';
import { remember, settleEscalations, showDenial } from './denials.js';
import { show, status } from './main.js';
import { watchSession } from './watch.js';

// One key per page: every ticket of this page is bound to it, and it never leaves the browser.
let keyOnce;
const pageTag = Math.random().toString(36).slice(2, 8);
let nextCommand = 1;
const SUSPENDED = 4004;

function key() {
  keyOnce ??= ProofKey.create();
  return keyOnce;
}

export async function openConsole(view) {
  const sessionId = view.id;
  let socket = null;
  let frame = null;
  let stopCountdown = () => {};
  let leaving = false;
  let term = null;
  let stopWatching = () => {};
  const refit = () => { try { fit.fit(); } catch { /* hidden or zero-sized: keep the size */ } };
  // #connection is a polite live region: what it says is announced without announce().
  // The screen is shown first: xterm measures its cells when it opens, which a hidden element cannot give.
  show('console', () => {
    leaving = true;
    stopCountdown();
    stopWatching();
    window.removeEventListener('resize', refit);
    socket?.close(1000, 'left the page');
    term?.dispose();
  });
  const host = document.getElementById('xterm');
  host.replaceChildren();
  term = new Terminal({ convertEol: true, cursorBlink: false, disableStdin: false, fontSize: 14, rows: 20,
    scrollback: 2000, minimumContrastRatio: 1, lineHeight: 1.15,
    theme: { background: '#000000', foreground: '#e8edf2', cursor: '#e8edf2', selectionBackground: '#3a4b5e' } });
  const fit = new FitAddon();
  term.loadAddon(fit);
  openUnderCsp(() => term.open(host));
  window.addEventListener('resize', refit);

  const print = (lines) => { for (const line of [].concat(lines)) term.write(`${plain(line)}\n`); };
  const connection = document.getElementById('connection');
  const reconnect = document.getElementById('reconnect');
  const input = document.getElementById('command');
  const runButton = document.querySelector('#command-form button');

  document.getElementById('console-sid').textContent = sessionId.slice(0, 8);
  document.getElementById('denials').replaceChildren();
  document.getElementById('denials-panel').hidden = true;
  document.getElementById('last-result').textContent = '';
  document.getElementById('console-bar').textContent = '';
  document.getElementById('extension-state').textContent = '';
  for (const id of ['end-session', 'extension-form']) document.getElementById(id).hidden = false;
  document.querySelector('#screen-console details.extension').hidden = false;
  refit();
  print(['Chaperone web terminal. Type help for the commands.']);
  // Keys typed into the terminal area go to the command line, the one place commands are edited: text is
  // appended, Backspace removes, Enter runs it.
  term.onData((data) => {
    if (data === '\r') document.getElementById('command-form').requestSubmit();
    else if (data === '\x7f') input.value = input.value.slice(0, -1);
    else if (/^[\x20-\x7e]+$/.test(data)) input.value += data;
    input.focus();
  });

  async function open() {
    reconnect.hidden = true;
    delete connection.dataset.closeCode;
    connection.textContent = 'Connecting…';
    try {
      socket = await connect(sessionId, await key());
    } catch (e) {
      connection.textContent = `Could not connect: ${e instanceof ApiError ? `${e.detail ?? e.title} (${e.code})`
        : window.isSecureContext ? 'the gateway cannot be reached' : 'the page needs https for its key (WebCrypto)'}`;
      reconnect.hidden = false;
      return;
    }
    socket.addEventListener('open', () => { connection.textContent = 'Connected. Waiting for the session to start…'; });
    socket.addEventListener('message', (event) => onFrame(event.data));
    socket.addEventListener('close', (event) => {
      if (leaving) return;
      const words = describeClose(event.code, event.reason);
      connection.textContent = `Disconnected: ${words}.`;
      connection.dataset.closeCode = String(event.code);
      print([`connection closed: ${words}`]);
      reconnect.hidden = !mayReconnect(event.code);
      input.disabled = true;
      runButton.disabled = true;
      socket = null;
      if (event.code === SUSPENDED) awaitResume();
      else if (!mayReconnect(event.code)) over(words);
    });
    input.disabled = false;
    runButton.disabled = false;
  }

  /** Suspended (4004): the resident may resume it, which makes it approved again; then a new ticket reconnects. */
  function awaitResume() {
    stopCountdown();
    document.getElementById('time-left').textContent = 'Paused by the resident.';
    stopWatching = watchSession(sessionId, {
      done: (v) => v.state !== 'suspended',
      onView: (v) => {
        if (v.state === 'approved' || v.state === 'active') {
          connection.textContent = 'The resident resumed the session. Reconnect to go on.';
          reconnect.hidden = false;
        } else if (v.state !== 'suspended') {
          over(`the session is ${v.state}`);
        }
      },
    });
  }

  /** The session is over: nothing in the panels may suggest it still runs. */
  function over(words) {
    stopCountdown();
    document.getElementById('time-left').textContent = `The session is over: ${words}.`;
    document.getElementById('console-bar').textContent = 'session over';
    document.getElementById('hub-online').textContent = '';
    document.getElementById('hub-online').className = '';
    for (const id of ['end-session', 'extension-form']) document.getElementById(id).hidden = true;
    document.querySelector('#screen-console details.extension').hidden = true;
  }

  function onFrame(text) {
    let f;
    try {
      f = JSON.parse(text);
    } catch {
      print(['[?] unreadable frame']);
      return;
    }
    if (f.type === 'session') {
      const first = frame === null;
      if (first) status('');
      frame = f;
      connection.textContent = `Connected: the session is ${f.state}.`;
      renderPermissions(f);
      renderDevices(f);
      settleEscalations(f);
      stopCountdown();
      stopCountdown = countdown(() => frame);
      document.getElementById('time-warning').textContent = '';
      if (!first) announce(`The session changed: scope version ${f.scope?.version}, until ${new Date(f.expiresAt).toLocaleTimeString()}.`);
    } else if (f.type === 'expiring') {
      document.getElementById('time-warning').textContent = `The session ends in ${f.inSeconds} seconds.`;
    } else if (f.type === 'event') {
      updateDevice(f.device, f.status);
    } else if (f.type === 'denied') {
      showDenial(sessionId, f);
    }
    print(render(f));
    if (f.type === 'result' || f.type === 'denied') {
      document.getElementById('last-result').textContent = `Last answer: ${render(f)[0]}`;
    }
  }

  document.getElementById('command-form').onsubmit = (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = '';
    let line;
    try {
      line = parseLine(text);
    } catch (e) {
      print([`> ${text}`, e.message]);
      return;
    }
    if (line.kind === 'blank') return;
    print([`> ${text.trim()}`]);
    if (line.kind === 'help') print(HELP);
    else if (line.kind === 'scope') print(frame ? scopeLines(frame) : ['no session frame yet']);
    else if (line.kind === 'quit') socket?.close(1000, 'bye');
    else if (!socket || socket.readyState !== WebSocket.OPEN) print(['not connected']);
    else {
      const id = `c-${nextCommand++}-${pageTag}`;
      remember(id, line.device, line.op);
      socket.send(commandFrame(id, line));
    }
  };
  reconnect.onclick = () => {
    stopWatching();
    open();
  };
  document.getElementById('end-session').onclick = async () => {
    await api('POST', `/api/v1/sessions/${sessionId}/end`).catch((e) => print([`could not end the session: ${e.code ?? e}`]));
  };
  document.getElementById('extension-form').onsubmit = async (event) => {
    event.preventDefault();
    const state = document.getElementById('extension-state');
    const minutes = Number(document.getElementById('extension-minutes').value);
    const reason = document.getElementById('extension-reason').value.trim() || 'more time needed to finish';
    try {
      await withStepUp(() => api('POST', `/api/v1/sessions/${sessionId}/extensions`, { minutes, reason }));
      state.textContent = `Asked for ${minutes} more minutes; the time left changes when the resident approves.`;
    } catch (e) {
      state.textContent = `Not asked: ${e.detail ?? e.title ?? e} (${e.code ?? 'error'})`;
    }
  };
  await open();
  input.focus();
}
