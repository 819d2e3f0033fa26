// Talking to the gateway from the specs for set-up: tokens from the development issuer, REST calls with them,
// and the demo world (home, ticket, templates, live simulated hubs) found over the API.
import assert from 'node:assert/strict';
import { GATEWAY_URL } from './browser.mjs';

/** Demo accounts of the embedded default (application.properties %demo; README "Demo logins"). */
export const USERS = {
  alice: { username: 'alice', password: 'alice-demo', code: '123456', role: 'resident' },
  tom: { username: 'tom', password: 'tom-demo', code: '123456', role: 'technician' },
  olivia: { username: 'olivia', password: 'olivia-demo', code: '123456', role: 'ops' },
};

function user(name) {
  const account = typeof name === 'string' ? USERS[name] : name;
  assert.ok(account, `unknown demo user ${name}`);
  return account;
}

/** An access token for REST set-up (`POST /dev-issuer/login`, with a second factor unless mfa: false). */
export async function token(name, { mfa = true } = {}) {
  const account = user(name);
  const body = await rest('POST', '/dev-issuer/login', { username: account.username, password: account.password, mfa });
  return body.accessToken;
}

/** A REST call with a Bearer token; returns parsed JSON (null for 204) or throws with the problem. */
export async function rest(method, path, body, bearer) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const response = await fetch(GATEWAY_URL + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error(`${method} ${path} → ${response.status} ${parsed && parsed.code}: ${parsed && parsed.detail}`);
    error.status = response.status;
    error.problem = parsed;
    throw error;
  }
  return parsed;
}

/**
 * Signs `name` in through the real sign-in page (`/signin/`), with the one-time code unless mfa: false, and waits
 * until the browser has left the sign-in page for `next` (default `/`).
 */
export async function signIn(page, name, { mfa = true, next } = {}) {
  const account = user(name);
  await page.goto(next ? `/signin/?next=${encodeURIComponent(next)}` : '/signin/');
  await page.getByLabel('Username', { exact: true }).fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  if (mfa) await page.getByLabel('One-time code', { exact: true }).fill(account.code);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/signin/')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

let world;
/**
 * The demo world, found over the API once per run: { homeId, ticketId, templates: {name → id}, hubs: [live hub
 * ids], providerId }. Live hubs are the simulated ones that are online and attested.
 */
export async function demoWorld() {
  world ??= findWorld();
  return world;
}

async function findWorld() {
  const alice = await token('alice');
  const tom = await token('tom');
  const homes = await rest('GET', '/api/v1/homes', undefined, alice);
  const list = asList(homes);
  const home = list.find((h) => h.name === "Alice's flat");
  assert.ok(home, `Alice's flat not among ${JSON.stringify(list)}`);
  const deadline = Date.now() + 60_000;
  let hubs = [];
  while (Date.now() < deadline) {
    const answer = await rest('GET', `/api/v1/homes/${home.id}/hubs`, undefined, alice);
    const all = asList(answer);
    hubs = all.filter((h) => h.online === true).map((h) => h.id);
    if (hubs.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.ok(hubs.length > 0, 'no simulated hub came online within 60 s');
  const ticketList = asList(await rest('GET', '/api/v1/tickets', undefined, tom));
  const templateList = asList(await rest('GET', '/api/v1/templates', undefined, tom));
  return {
    homeId: home.id,
    hubs,
    ticketId: (ticketList.find((t) => t.homeId === home.id && t.state === 'open') || {}).id,
    templates: Object.fromEntries(templateList.map((t) => [t.name, t.id])),
  };
}

function asList(answer) {
  return Array.isArray(answer) ? answer : (answer && (answer.items || answer.content)) || [];
}
