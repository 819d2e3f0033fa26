// Step-up in the browser: an approval after a stale sign-in is refused with step_up_required; withStepUp opens the
// re-authentication dialog (password + one-time code), signs in again and the retried approval succeeds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signInEarlier, requestSession, rest, token, expectNoSeriousAxe, shot } from '../lib/index.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Starts withStepUp(approve) in the page; resolves to {calls, codes, result|error} when the page is done. */
function approveInPage(page, sessionId) {
  return page.evaluate(async (sid) => {
    const { withStepUp } = await import('/assets/stepup.js');
    const { post } = await import('/assets/api.js');
    const codes = [];
    let calls = 0;
    try {
      const result = await withStepUp(async () => {
        calls += 1;
        try { return await post(`/api/v1/sessions/${sid}/approve`, {}); } catch (e) { codes.push(e.code); throw e; }
      });
      return { calls, codes, state: result.state, scopeOps: result.scope.grants.flatMap((g) => g.ops) };
    } catch (e) {
      return { calls, codes, error: e.code };
    }
  }, sessionId);
}

test('an approval after a sign-in 10 minutes ago asks to confirm, then succeeds with a fresh auth_time', async () => {
  const session = await requestSession();
  const page = await newPage(browser);
  await signInEarlier(page, 'alice', 600, { mfa: true });
  const before = await page.evaluate(() => fetch('/auth/session').then((r) => r.json()));
  assert.ok(Date.now() - Date.parse(before.authTime) >= 590_000, before.authTime);

  const outcome = approveInPage(page, session.id);
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'stepup-password', 'focus starts in the dialog');
  await expectNoSeriousAxe(page);
  await shot(page, 'stepup-dialog');
  await dialog.getByLabel('Password', { exact: true }).fill('alice-demo');
  await dialog.getByLabel('One-time code', { exact: true }).fill('123456');
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  const result = await outcome;
  assert.deepEqual(result.codes, ['step_up_required']);
  assert.equal(result.calls, 2);
  assert.equal(result.state, 'approved');
  assert.deepEqual(result.scopeOps.sort(), ['diag.read', 'logs.read']);
  assert.equal(await dialog.count(), 0, 'the dialog is gone');
  const after = await page.evaluate(() => fetch('/auth/session').then((r) => r.json()));
  assert.ok(Date.now() - Date.parse(after.authTime) < 60_000, after.authTime);
  assert.equal(after.mfa, true);
  const stored = await rest('GET', `/api/v1/sessions/${session.id}`, undefined, await token('alice'));
  assert.equal(stored.state, 'approved');
  await page.context().close();
});

test('a wrong code keeps the dialog open; cancelling leaves the request unapproved', async () => {
  const session = await requestSession();
  const page = await newPage(browser);
  await signInEarlier(page, 'alice', 600, { mfa: true });

  const outcome = approveInPage(page, session.id);
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await dialog.waitFor();
  await dialog.getByLabel('Password', { exact: true }).fill('alice-demo');
  await dialog.getByLabel('One-time code', { exact: true }).fill('654321');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'The one-time code is wrong.' }).waitFor();
  await page.keyboard.press('Escape');

  const result = await outcome;
  assert.deepEqual(result, { calls: 1, codes: ['step_up_required'], error: 'step_up_cancelled' });
  const stored = await rest('GET', `/api/v1/sessions/${session.id}`, undefined, await token('alice'));
  assert.equal(stored.state, 'requested');
  await rest('POST', `/api/v1/sessions/${session.id}/deny`, {}, await token('alice')).catch(() => {});
  await page.context().close();
});
