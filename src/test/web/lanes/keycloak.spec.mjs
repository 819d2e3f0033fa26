// The Keycloak lane (src/test/keycloak/run.sh): sign in through Keycloak's real login page (authorization code +
// PKCE via the gateway), land back on the gateway with the session cookie, and sign out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, shot, GATEWAY_URL } from '../lib/index.mjs';

const KEYCLOAK_URL = process.env.KEYCLOAK_URL || 'http://127.0.0.1:18180';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('alice signs in through Keycloak and the gateway knows her by the cookie alone', async () => {
  const page = await newPage(browser);
  await page.goto('/signin/?next=/%3Ffrom%3Dkeycloak');
  await page.getByRole('link', { name: 'Continue to sign-in' }).click();
  await page.waitForURL((url) => url.origin === KEYCLOAK_URL);
  const authorize = new URL(page.url());
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  await shot(page, 'keycloak-login');
  await page.locator('#username').fill('alice');
  await page.locator('#password').fill('alice-demo');
  await Promise.all([
    page.waitForURL((url) => url.origin === GATEWAY_URL && !url.pathname.startsWith('/auth/')),
    page.locator('#kc-login').click(),
  ]);
  assert.equal(new URL(page.url()).search, '?from=keycloak');
  const who = await page.evaluate(() => fetch('/auth/session').then(async (r) => ({ status: r.status, body: await r.json() })));
  assert.equal(who.status, 200, JSON.stringify(who.body));
  assert.equal(who.body.subject, 'alice');
  assert.equal(who.body.role, 'resident');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'chaperone_session');
  assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict');
  const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
  assert.equal(me.subject, 'alice');
  await page.getByText('Signed in as').waitFor();
  await shot(page, 'keycloak-signed-in');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  assert.equal((await page.evaluate(() => fetch('/auth/session').then((r) => r.status))), 401);
  await page.context().close();
});
