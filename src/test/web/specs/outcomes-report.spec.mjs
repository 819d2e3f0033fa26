// The resident after a session: the report of a session that changed a setting, rolling that change back (checked
// over REST and on the simulated hub itself), a second rollback refused in words, feedback once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, token, rest, demoWorld, expectNoSeriousAxe, shot } from '../lib/index.mjs';
import { approvedSession, endedSessionWithChange, readSettings } from '../lib/session-driver.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Console errors other than the failed loads the pages expect (404 report_not_ready, 409 refusals). */
function unexpectedProblems(page) {
  return page.problems.filter((p) => !p.startsWith('Failed to load resource'));
}

/** A second tab in the same browser (another household member's, say), its console watched like newPage's. */
async function secondTab(page) {
  const tab = await page.context().newPage();
  tab.problems = [];
  tab.on('console', (message) => { if (message.type() === 'error') tab.problems.push(message.text()); });
  tab.on('pageerror', (error) => tab.problems.push(String(error)));
  return tab;
}

const reportUrl = (sid) => `/app/outcomes/report.html?session=${sid}`;

test('the resident reads the report of a session that changed a setting and rolls the change back; a second rollback is refused in words', async () => {
  const alice = await token('alice');
  const value = (301 + (Date.now() % 9)) / 10; // 30.1 … 30.9: unlike the factory 21.5, never a whole number
  const { sessionId } = await endedSessionWithChange(browser, { setting: 'setpoint', value });
  const earlier = (await readBack(sessionId, alice))[0].before;
  assert.notEqual(earlier, value);

  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: reportUrl(sessionId) });
  // the report: built a moment after the end, the page waits for it
  await page.getByRole('heading', { name: 'Settings changed' }).waitFor({ timeout: 60_000 });
  const summary = await page.locator('#report-summary').textContent();
  assert.match(summary, /Tom/);
  assert.match(await page.locator('#report-who-section').textContent(), /Tom Becker from Acme Home Services/);
  assert.match(await page.locator('#report-commands-section').textContent(), /on thermostat-1: done/);
  // the change, with its values and the end-of-session read-back in words
  const change = page.locator('#change-list li', { hasText: 'setpoint on thermostat-1' });
  await change.getByText('Now still in place.').waitFor({ timeout: 60_000 });
  assert.match(await change.textContent(), new RegExp(`${earlier} → ${value}`));
  assert.doesNotMatch(await page.locator('#report').textContent(), /\b(null|undefined)\b/);
  await expectNoSeriousAxe(page);
  await shot(page, 'outcomes-report');

  // a second tab (another household member's, say) opened before the rollback
  const stale = await secondTab(page);
  await stale.goto(reportUrl(sessionId));
  await stale.getByLabel(/setpoint on thermostat-1/).waitFor({ timeout: 60_000 });

  // by keyboard alone: Space ticks the change, Tab reaches the button, Enter sends
  await page.getByLabel(/setpoint on thermostat-1/).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Roll back the chosen changes');
  await page.keyboard.press('Enter');
  const result = page.locator('#rollback-results li[data-result="restored"]');
  await result.waitFor();
  assert.equal(await result.textContent(), 'setpoint on thermostat-1: Rolled back: the setting has its earlier value again.');
  await page.locator('#change-list').getByText('Every change was rolled back').waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'outcomes-rollback');

  // the gateway rebuilds the report after the rollback; the page shows the new version's next steps
  await page.locator('#report-version').getByText('Report version 2,', { exact: false }).waitFor({ timeout: 60_000 });
  assert.doesNotMatch(await page.locator('#report-next').textContent(), /you can roll this change back/);
  const changes = await readBack(sessionId, alice);
  assert.equal(changes.length, 1);
  assert.equal(changes[0].rollback, 'restored');
  // the hub itself holds the earlier value again
  const settings = await readSettings(browser);
  assert.equal(settings.setpoint, earlier);

  await stale.getByLabel(/setpoint on thermostat-1/).check();
  await stale.getByRole('button', { name: 'Roll back the chosen changes' }).click();
  const refusal = stale.locator('#rollback-results [role="alert"]');
  await refusal.waitFor();
  assert.equal(await refusal.textContent(),
    'Not rolled back: the change of setpoint on thermostat-1 was already rolled back.');
  // nothing else happened: still one restore, the hub unchanged
  assert.equal((await readBack(sessionId, alice))[0].rollback, 'restored');
  const audit = await rest('GET', `/api/v1/sessions/${sessionId}/audit?kind=command&size=200`, undefined, alice);
  assert.equal(audit.events.filter((e) => e.op === 'config.restore').length, 1);
  assert.deepEqual(unexpectedProblems(page), []);
  assert.deepEqual(unexpectedProblems(stale), []);
  await page.context().close();
});

test('feedback on an ended session is accepted once; a second attempt shows the refusal', async () => {
  const alice = await token('alice');
  const sessionId = await revokedSession(alice, 'feedback spec');

  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: reportUrl(sessionId) });
  const stale = await secondTab(page);
  await stale.goto(reportUrl(sessionId));
  for (const tab of [page, stale]) await tab.getByRole('button', { name: 'Send feedback' }).waitFor({ timeout: 60_000 });

  await page.getByRole('button', { name: 'Send feedback' }).click();
  assert.equal(await page.locator('#feedback-problem').textContent(), 'Choose a rating from 1 to 5.');
  await page.getByLabel('4 — Good').check();
  await page.getByLabel(/Comment/).fill('Quick and polite');
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await page.locator('#feedback-given').waitFor();
  assert.match(await page.locator('#feedback-given').textContent(), /^Your household rated this session 4 of 5: “Quick and polite”\. Given /);
  assert.doesNotMatch(await page.locator('#report').textContent(), /\b(null|undefined)\b/);
  await expectNoSeriousAxe(page);
  await shot(page, 'outcomes-feedback');

  await stale.getByLabel('1 — Very poor').check();
  await stale.getByRole('button', { name: 'Send feedback' }).click();
  await stale.locator('#feedback-problem').getByText('Your household has already left feedback', { exact: false }).waitFor();
  assert.equal(await stale.locator('#feedback-problem').textContent(),
    'Your household has already left feedback on this session. Only one is kept, so this one was not saved.');
  const kept = await rest('GET', `/api/v1/sessions/${sessionId}/feedback`, undefined, alice);
  assert.deepEqual(kept.map((f) => [f.rating, f.comment]), [[4, 'Quick and polite']]);
  // a fresh visit shows the feedback given, not the form
  await stale.reload();
  await stale.locator('#feedback-given').waitFor({ timeout: 60_000 });
  assert.equal(await stale.getByRole('button', { name: 'Send feedback' }).count(), 0);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test('the history lists the ended sessions of the home with their outcome and links to each report', async () => {
  const world = await demoWorld();
  const alice = await token('alice');
  const sessionId = await revokedSession(alice, 'history spec');

  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: `/app/outcomes/?home=${world.homeId}` });
  const card = page.locator(`li[data-session="${sessionId}"]`);
  await card.waitFor();
  assert.match(await card.textContent(), /Diagnostics \(read-only\)/);
  assert.match(await card.textContent(), /You stopped it \(revoked by resident\)/);
  await expectNoSeriousAxe(page);
  await shot(page, 'outcomes-history');
  await card.getByRole('link', { name: /Read the report/ }).click();
  await page.waitForURL((url) => url.pathname === '/app/outcomes/report.html');
  await page.getByRole('heading', { name: 'What the technician did' }).waitFor({ timeout: 60_000 });
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

/** A read-only session of the demo home, approved and then revoked by alice (a final state, no technician). */
async function revokedSession(alice, reason) {
  const { sessionId } = await approvedSession({ templateName: 'Diagnostics (read-only)',
    grants: [{ devices: ['thermostat-1'], ops: ['diag.read'] }], approval: {}, reason });
  await rest('POST', `/api/v1/sessions/${sessionId}/revoke`, undefined, alice);
  return sessionId;
}

async function readBack(sessionId, alice) {
  return rest('GET', `/api/v1/sessions/${sessionId}/changes`, undefined, alice);
}
