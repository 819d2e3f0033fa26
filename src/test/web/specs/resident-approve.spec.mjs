// Resident app: a request explained in plain words with the most restrictive choice preselected; approving with
// step-up grants exactly what was ticked (asserted over REST); narrowing and refusing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, expectNoSeriousAxe, shot } from '../lib/index.mjs';
import { requestSession, session, revokeQuietly, confirmStepUpIfAsked } from '../lib/resident-world.mjs';

const ALL_FIVE = ['diag.read', 'logs.read', 'config.read', 'config.write', 'device.reboot'];
const READ_ONLY = ['config.read', 'diag.read', 'logs.read'];
const opened = [];

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await Promise.all(opened.map(revokeQuietly));
  await browser?.close();
});

async function ask(reason, minutes = 60) {
  const asked = await requestSession({ grants: [{ devices: ['thermostat-1'], ops: ALL_FIVE }], minutes, reason });
  opened.push(asked.id);
  return asked;
}

const box = (page, op) => page.locator(`[data-op="${op}"] input[type="checkbox"]`);

test('the request is explained and only the read-only subset is preselected; approving with step-up grants exactly that', async () => {
  const asked = await ask('the thermostat drops off the Wi-Fi');
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: false, next: '/app/#/requests' }); // no second factor yet: approval must step up
  page.problems.length = 0; // the sign-in page's own 401 before signing in is not this app's

  await page.locator(`.request[data-session="${asked.id}"]`).getByRole('link', { name: 'Look at this request' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tom Becker from Acme Home Services asks for access' }).waitFor();
  await page.getByText('the thermostat drops off the Wi-Fi').first().waitFor();
  for (const op of READ_ONLY) assert.equal(await box(page, op).isChecked(), true, `${op} is preselected`);
  for (const op of ['config.write', 'device.reboot']) assert.equal(await box(page, op).isChecked(), false, `${op} is opt-in`);
  assert.equal(await page.getByRole('radio', { name: '15 minutes' }).isChecked(), true, 'the shortest duration');
  assert.equal(await page.getByRole('radio', { name: '1 hour' }).isChecked(), false);
  assert.equal(await page.locator('input[name="reveal"]:checked').count(), 0, 'no data class revealed');
  // The words come from the gateway's catalogue (GET /api/v1/operations).
  await page.locator('[data-op="config.write"]').getByText('Changes one or more of the device\'s settings.').waitFor();
  await page.locator('[data-op="device.reboot"]').getByText(/^Restarts, medium risk$/).waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'resident-approve');

  await page.getByRole('button', { name: 'Allow what is ticked' }).click();
  assert.equal(await confirmStepUpIfAsked(page, { timeout: 15_000 }), true, 'the approval asked for step-up');
  await page.waitForURL(`**/app/#/sessions/${asked.id}`);
  await page.getByText(/^This session is allowed, the technician has not connected yet\.$/).waitFor();

  const approved = await session(asked.id);
  assert.equal(approved.state, 'approved');
  assert.deepEqual(approved.scope.grants.map((g) => ({ devices: g.devices, ops: [...g.ops].sort() })),
    [{ devices: ['thermostat-1'], ops: READ_ONLY }]);
  assert.equal(approved.durationMinutes, 15);
  assert.deepEqual(approved.reveal, []);
  // The one 401 is the approval's step_up_required answer, which Chromium logs as a failed resource.
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 401')), []);
  await page.context().close();
});

test('alice narrows a request: unticks an operation, opts in to one change and picks a shorter time', async () => {
  const asked = await ask('check the schedule', 60);
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: `/app/#/requests/${asked.id}` });
  page.problems.length = 0;
  await page.getByRole('button', { name: 'Allow what is ticked' }).waitFor();

  await box(page, 'logs.read').uncheck();
  await box(page, 'config.write').check();
  await page.getByRole('radio', { name: '30 minutes' }).check();
  await page.getByRole('button', { name: 'Allow what is ticked' }).click();
  await confirmStepUpIfAsked(page, { timeout: 1000 });
  await page.waitForURL(`**/app/#/sessions/${asked.id}`);

  const approved = await session(asked.id);
  assert.deepEqual(approved.scope.grants.map((g) => [...g.ops].sort()), [['config.read', 'config.write', 'diag.read']]);
  assert.equal(approved.durationMinutes, 30);
  assert.deepEqual(approved.reveal, []);
  await page.context().close();
});

test('unticking everything leaves nothing to allow; refusing denies the request and allows nothing', async () => {
  const asked = await ask('just looking');
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: false, next: `/app/#/requests/${asked.id}` });
  page.problems.length = 0;
  await page.getByRole('button', { name: 'Allow what is ticked' }).waitFor();

  for (const op of READ_ONLY) await box(page, op).uncheck();
  assert.equal(await page.getByRole('button', { name: 'Allow what is ticked' }).isDisabled(), true);
  await page.getByText('Nothing is ticked: tick at least one thing on one device, or refuse the request.').waitFor();

  await page.getByRole('button', { name: 'Refuse' }).click(); // no step-up for taking nothing
  await page.getByText(/^You refused the request of .+\. Nothing was allowed\.$/).waitFor();
  const denied = await session(asked.id);
  assert.equal(denied.state, 'denied');
  assert.deepEqual(denied.scope.grants, []);
  assert.equal(await page.getByRole('dialog').count(), 0, 'refusing never asks for step-up');
  await page.context().close();
});
