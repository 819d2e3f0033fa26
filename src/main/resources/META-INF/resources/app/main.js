// The resident app's router: one screen at a time in <main>, chosen by the address's #fragment, so the browser's
// back button and bookmarks work and every screen has its own address.
import { startShell, markActive } from '/app/shell.js';
import { el as h, replace, announce } from '/assets/ui.js';
import { problemInWords } from '/app/words.js';
import * as homes from '/app/screens/homes.js';
import * as requests from '/app/screens/requests.js';
import * as approve from '/app/screens/approve.js';
import * as watch from '/app/screens/watch.js';
import * as help from '/app/screens/help.js';

const ROUTES = [
  { pattern: /^#\/homes\/([0-9a-f-]{36})$/, section: 'homes', screen: homes.showHome },
  { pattern: /^#\/homes$/, section: 'homes', screen: homes.showHomes },
  { pattern: /^#\/requests\/([0-9a-f-]{36})$/, section: 'requests', screen: approve.show },
  { pattern: /^#\/requests$/, section: 'requests', screen: requests.show },
  { pattern: /^#\/sessions\/([0-9a-f-]{36})$/, section: 'requests', screen: watch.show },
  { pattern: /^#\/help$/, section: 'help', screen: help.show },
];

let leave = null;
let session = null;
let generation = 0;

async function route() {
  generation += 1;
  const mine = generation;
  if (leave) {
    leave();
    leave = null;
  }
  const hash = window.location.hash || '#/homes';
  const match = ROUTES.map((r) => ({ r, m: hash.match(r.pattern) })).find((x) => x.m);
  if (!match) {
    window.location.replace('/app/#/homes');
    return;
  }
  markActive(match.r.section);
  const title = document.getElementById('screen-title');
  // Each visit draws into its own container: a screen still loading when the visitor moves on draws into a detached
  // node, never over the next screen.
  const root = h('div', {}, h('p', {}, 'Loading…'));
  replace(document.getElementById('screen'), root);
  const current = () => mine === generation;
  const view = {
    title(text) {
      if (!current()) return;
      title.textContent = text;
      document.title = `${text} · Chaperone`;
    },
    root,
    announce: (text) => { if (current()) announce(text); },
    session,
    go(path) { window.location.hash = path; },
  };
  let cleanup = null;
  try {
    cleanup = (await match.r.screen(view, ...match.m.slice(1))) || null;
  } catch (error) {
    view.title('Something went wrong');
    replace(root, h('p', { class: 'problem', role: 'alert' }, problemInWords(error)));
  }
  if (!current()) {
    if (cleanup) cleanup();
    return;
  }
  leave = cleanup;
  // Focus moves to the new screen's heading, so keyboard and screen-reader users start at its top.
  title.focus();
}

async function start() {
  session = await startShell('homes');
  if (!session) return;
  window.addEventListener('hashchange', route);
  await route();
}

start();
