// Resident app: watching a live session while a technician (simulated here over the real socket, with a key-bound
// ticket) works: commands and refusals as they happen, an escalation allowed from the page, an extension refused,
// and Stop now: the session is revoked and the technician's socket closes with 4002 within a second.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, token, rest, demoWorld, expectNoSeriousAxe, shot } from '../lib/index.mjs';
import { requestSession, session, revokeQuietly, connectTechnician, confirmStepUpIfAsked } from '../lib/resident-world.mjs';

let browser;
let sid;
before(async () => { browser = await launch(); });
after(async () => {
  if (sid) await revokeQuietly(sid);
  await browser?.close();
});

test('alice watches commands live, allows an escalation, refuses more time and stops the session', async () => {
  const asked = await requestSession({ grants: [{ devices: ['thermostat-1'], ops: ['diag.read', 'config.write'] }],
    minutes: 30, reason: 'thermostat check' });
  sid = asked.id;
  const alice = await token('alice');
  const tom = await token('tom');
  await rest('POST', `/api/v1/sessions/${sid}/approve`, {}, alice); // {}: the read-only subset, diag.read
  const tech = await connectTechnician(browser, sid);

  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: `/app/#/sessions/${sid}` });
  page.problems.length = 0;
  await page.getByText('This session is going on now.').waitFor({ timeout: 20_000 });
  await page.getByText(/^Time left: \d+:\d\d$/).waitFor();
  const log = page.getByRole('log', { name: 'What happens in the session' });

  await tech.send({ type: 'cmd', id: 'c-1', device: 'thermostat-1', op: 'diag.read', args: {} });
  const first = log.locator('li', { hasText: "asked to read the device's diagnostics on thermostat-1" });
  await first.getByText('done').waitFor({ timeout: 15_000 });
  await tech.send({ type: 'cmd', id: 'c-2', device: 'thermostat-1', op: 'config.write', args: { setpoint: 22 } });
  await log.getByText("Chaperone refused: change the device's settings on thermostat-1").waitFor({ timeout: 15_000 });
  await log.getByText('(you did not allow this)').waitFor();

  // An escalation arrives while alice watches, and she allows it from the page.
  const escalation = await rest('POST', `/api/v1/sessions/${sid}/escalations`,
    { scope: { grants: [{ devices: ['thermostat-1'], ops: ['config.write'] }] }, reason: 'reset the schedule' }, tom);
  const question = page.locator(`[data-question="escalation"][data-id="${escalation.id}"]`);
  await question.getByText(/asks to also change the device's settings on thermostat-1\.$/).waitFor({ timeout: 15_000 });
  await question.getByText('Their reason: reset the schedule').waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'resident-watch-escalation');
  await question.getByRole('button', { name: 'Allow' }).click();
  await confirmStepUpIfAsked(page, { timeout: 1000 });
  await question.waitFor({ state: 'detached', timeout: 15_000 });
  const widened = await session(sid);
  assert.equal(widened.escalations.find((e) => e.id === escalation.id).state, 'approved');
  assert.deepEqual([...widened.scope.grants.flatMap((g) => g.ops)].sort(), ['config.write', 'diag.read']);
  await page.locator('.allowed').getByText("Read the device's diagnostics and change the device's settings on thermostat-1")
    .waitFor({ timeout: 15_000 });
  await tech.page.waitForFunction(() => window.tech.frames.some((f) => f.type === 'session'
    && f.scope.grants.some((g) => g.ops.includes('config.write'))), undefined, { timeout: 15_000 });

  // More time is asked; alice refuses it, and the end stays where it was.
  const extension = await rest('POST', `/api/v1/sessions/${sid}/extensions`, { minutes: 15, reason: 'the log is still uploading' }, tom);
  const more = page.locator(`[data-question="extension"][data-id="${extension.id}"]`);
  await more.getByText(/asks for 15 minutes more\.$/).waitFor({ timeout: 15_000 });
  await more.getByRole('button', { name: 'Refuse' }).click();
  await more.waitFor({ state: 'detached', timeout: 15_000 });
  const refused = await rest('GET', `/api/v1/sessions/${sid}/extensions/${extension.id}`, undefined, alice);
  assert.equal(refused.state, 'denied');
  assert.equal((await session(sid)).expiresAt, widened.expiresAt);
  await shot(page, 'resident-watch');

  // Stop now: revoked over REST, said on the page, and the technician's socket closes with 4002 within a second.
  const clickedAt = Date.now();
  await page.getByRole('button', { name: 'Stop now' }).click();
  await tech.page.waitForFunction(() => window.tech.close !== null, undefined, { timeout: 10_000 });
  const closed = await tech.closed();
  assert.equal(closed.code, 4002, JSON.stringify(closed));
  assert.ok(closed.at - clickedAt < 1000, `the socket closed ${closed.at - clickedAt} ms after the click`);
  await page.getByText(/^Stopped at .+\. .+ was disconnected and can do nothing more\.$|^Stopped at .+, and recorded\./)
    .waitFor({ timeout: 15_000 });
  assert.equal((await session(sid)).state, 'revoked');
  await page.getByText('This session is stopped by your household.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Stop now' }).count(), 0);
  await expectNoSeriousAxe(page);
  await shot(page, 'resident-watch-stopped');
  assert.deepEqual(page.problems, []);
  await tech.close();
  await page.context().close();
});

test('alice sees what was kept hidden and shows, then hides, network addresses while the session runs', async () => {
  const olivia = await token('olivia');
  const template = await rest('POST', '/api/v1/templates', {
    name: `Wi-Fi look (spec ${Date.now()})`, description: 'Read the Wi-Fi logs; passwords always hidden.',
    ops: ['diag.read', 'logs.read'], deviceKinds: ['wifi'], maxDurationMinutes: 30,
    redactionDefaults: ['secret'], expectedCommandRate: 30,
  }, olivia);
  const world = await demoWorld();
  world.templates[template.name] = template.id;
  const asked = await requestSession({ template: template.name, grants: [{ devices: ['wifi-1'], ops: ['logs.read'] }],
    minutes: 15, reason: 'who keeps joining the Wi-Fi' });
  const alice = await token('alice');
  await rest('POST', `/api/v1/sessions/${asked.id}/approve`, {}, alice);
  const tech = await connectTechnician(browser, asked.id);

  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: false, next: `/app/#/sessions/${asked.id}` });
  page.problems.length = 0;
  const privacy = page.getByRole('region', { name: 'Kept hidden from the technician' });
  await privacy.getByText('Nothing sensitive has come up so far.').waitFor({ timeout: 20_000 });
  await privacy.locator('.reveal-list [data-class="secret"]').waitFor({ state: 'detached' }); // always hidden: no switch
  await tech.send({ type: 'cmd', id: 'l-1', device: 'wifi-1', op: 'logs.read', args: { lines: 4 } });
  await privacy.locator('.ledger li[data-class="network"]').first().waitFor({ timeout: 20_000 });

  await privacy.getByRole('button', { name: 'Show network addresses' }).click();
  assert.equal(await confirmStepUpIfAsked(page, { timeout: 15_000 }), true, 'revealing asks for step-up');
  await privacy.locator('.reveal-list li[data-class="network"]').getByText('shown', { exact: true }).waitFor({ timeout: 15_000 });
  let ledger = await rest('GET', `/api/v1/sessions/${asked.id}/redactions`, undefined, alice);
  assert.deepEqual(ledger.revealed, ['network']);
  await expectNoSeriousAxe(page);
  await shot(page, 'resident-watch-privacy');

  await privacy.getByRole('button', { name: 'Hide network addresses' }).click(); // hiding never asks
  await privacy.locator('.reveal-list li[data-class="network"]').getByText('hidden', { exact: true }).waitFor({ timeout: 15_000 });
  ledger = await rest('GET', `/api/v1/sessions/${asked.id}/redactions`, undefined, alice);
  assert.deepEqual(ledger.revealed, []);
  // The one 401 is the reveal's step_up_required answer, which Chromium logs as a failed resource.
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 401')), []);
  await revokeQuietly(asked.id);
  await tech.close();
  await page.context().close();
});
