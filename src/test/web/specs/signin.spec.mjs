// Sign-in through the development issuer's page, the session cookie, CSRF refusals, the CSP, sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, expectNoSeriousAxe, shot, GATEWAY_URL } from '../lib/index.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function session(page) {
  return page.evaluate(async () => {
    const response = await fetch('/auth/session', { credentials: 'same-origin' });
    return { status: response.status, body: await response.json() };
  });
}

test('alice signs in with the one-time code: an HttpOnly SameSite=Strict cookie, no token anywhere a script sees', async () => {
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: '/?from=signin' });

  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(new URL(page.url()).search, '?from=signin');
  const who = await session(page);
  assert.equal(who.status, 200);
  assert.equal(who.body.subject, 'alice');
  assert.equal(who.body.role, 'resident');
  assert.equal(who.body.name, 'Alice Martin');
  assert.equal(who.body.mfa, true);
  assert.ok(Date.parse(who.body.expiresAt) > Date.now() + 14 * 60_000, who.body.expiresAt);
  assert.ok(Math.abs(Date.parse(who.body.authTime) - Date.now()) < 60_000, who.body.authTime);

  const cookies = await page.context().cookies();
  const cookie = cookies.find((c) => c.name === 'chaperone_session');
  assert.ok(cookie, JSON.stringify(cookies));
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(cookie.path, '/');
  assert.equal(cookie.secure, false, 'plain http: no Secure flag, or the browser would drop it');
  assert.ok(cookie.expires * 1000 > Date.now() + 14 * 60_000, 'Max-Age is the token lifetime (15 min)');

  const seen = await page.evaluate(() => ({
    cookie: document.cookie,
    local: JSON.stringify(Object.entries(localStorage)),
    session: JSON.stringify(Object.entries(sessionStorage)),
    url: location.href,
  }));
  assert.ok(!seen.cookie.includes('chaperone_session'), seen.cookie);
  for (const [where, value] of Object.entries(seen)) {
    assert.ok(!value.includes(cookie.value) && !/eyJ[\w-]+\.eyJ/.test(value), `a token in ${where}: ${value}`);
  }
  assert.equal(await page.getByText('Signed in as Alice Martin (resident)').count(), 1);
  await page.context().close();
});

test('alice signs in with her password only: mfa is false', async () => {
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: false });
  const who = await session(page);
  assert.equal(who.status, 200);
  assert.equal(who.body.mfa, false);
  await page.context().close();
});

test('a wrong one-time code or password is refused on the page and sets no cookie', async () => {
  const page = await newPage(browser);
  await page.goto('/signin/');
  await page.getByLabel('Username', { exact: true }).fill('alice');
  await page.getByLabel('Password', { exact: true }).fill('alice-demo');
  await page.getByLabel('One-time code', { exact: true }).fill('000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The one-time code is wrong.' }).waitFor();
  assert.equal(await page.getByLabel('One-time code', { exact: true }).getAttribute('aria-invalid'), 'true');

  await page.getByLabel('One-time code', { exact: true }).fill('');
  await page.getByLabel('Password', { exact: true }).fill('not-her-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The username or the password is wrong.' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/signin/');
  assert.deepEqual((await page.context().cookies()).filter((c) => c.name === 'chaperone_session'), []);
  await page.context().close();
});

test('next= leads only to a path on this gateway', async () => {
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: false, next: '//evil.example/steal' });
  assert.equal(new URL(page.url()).origin, GATEWAY_URL);
  assert.equal(new URL(page.url()).pathname, '/');
  await page.context().close();
});

test('cookie requests that change something need X-Chaperone-Request and this origin: 403 csrf_rejected', async () => {
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true });

  // From the page itself, without the header (as a forged form post would be)
  const bare = await page.evaluate(async () => {
    const response = await fetch('/api/v1/tickets', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}',
    });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
  });
  assert.equal(bare.status, 403);
  assert.equal(bare.type, 'application/problem+json');
  assert.equal(bare.body.code, 'csrf_rejected');

  // With the header but a foreign Origin (the browser's cookie jar, a request a foreign page would make)
  const foreign = await page.request.post('/api/v1/tickets', {
    headers: { Origin: 'https://evil.example', 'X-Chaperone-Request': '1', 'Content-Type': 'application/json' }, data: '{}',
  });
  assert.equal(foreign.status(), 403);
  assert.equal((await foreign.json()).code, 'csrf_rejected');

  // The same request from the page with the header passes the guard and meets the resource's own validation
  const proper = await page.evaluate(async () => {
    const { api } = await import('/assets/api.js');
    try { await api('POST', '/api/v1/tickets', {}); return null; } catch (e) { return { status: e.status, code: e.code }; }
  });
  assert.equal(proper.status, 400);
  assert.notEqual(proper.code, 'csrf_rejected');
  await page.context().close();
});

test('pages carry the CSP and the other headers, and an inline script does not run', async () => {
  const page = await newPage(browser);
  const response = await page.goto('/');
  const headers = response.headers();
  assert.equal(headers['content-security-policy'], "default-src 'none'; script-src 'self'; style-src 'self'; "
    + "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'no-referrer');
  assert.equal(headers['cache-control'], 'no-store');
  assert.equal(headers['cross-origin-opener-policy'], 'same-origin');

  const outcome = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve({ blocked: e.violatedDirective, ran: window.inlineRan === true }), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.body.append(script);
  }));
  assert.equal(outcome.ran, false);
  assert.match(outcome.blocked, /^script-src/);
  assert.notEqual(await page.evaluate(() => window.inlineRan), true);
  await page.context().close();
});

test('sign-out removes the session', async () => {
  const page = await newPage(browser);
  await signIn(page, 'tom', { mfa: true });
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  assert.deepEqual((await page.context().cookies()).filter((c) => c.name === 'chaperone_session'), []);
  assert.equal((await session(page)).status, 401);
  assert.equal((await session(page)).body.code, 'unauthenticated');
  await page.context().close();
});

test('the landing and sign-in pages: no serious axe violation, no script error, screenshots', async () => {
  const page = await newPage(browser);
  await page.goto('/');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'landing');
  await page.goto('/signin/');
  await page.getByLabel('Username', { exact: true }).waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'signin');
  // the page's only error may be the expected 401 of /auth/session for a visitor who is not signed in
  assert.deepEqual(page.problems.filter((p) => !p.includes('401')), []);
  await page.context().close();
});
