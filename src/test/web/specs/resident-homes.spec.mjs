// Resident app: homes and hubs with their trust state, enrolling a hub with a claim code (the hub's side done here
// with a real CSR), removing it again, and opening (then withdrawing) a support ticket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, token, rest, demoWorld, expectNoSeriousAxe, shot } from '../lib/index.mjs';
import { enrollHub } from '../lib/resident-world.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('alice sees her homes, the hubs with their trust state and devices, and enrolls a new hub with a claim code', async () => {
  const world = await demoWorld();
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: '/app/' });
  page.problems.length = 0; // the sign-in page's own 401 before signing in is not this app's

  await page.getByRole('heading', { level: 1, name: 'Your homes' }).waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'resident-homes');

  await page.getByRole('link', { name: "Alice's flat" }).click();
  await page.getByRole('heading', { level: 1, name: "Alice's flat" }).waitFor();
  const liveHub = page.locator(`[data-hub="${world.hubs[0]}"]`);
  await liveHub.getByText('Online', { exact: true }).waitFor();
  await liveHub.getByText(/^Passed its security check/).waitFor();
  assert.equal(await liveHub.getByRole('rowheader', { name: 'thermostat-1' }).count(), 1);
  await expectNoSeriousAxe(page);
  await shot(page, 'resident-home');

  await page.getByRole('button', { name: 'Get a code for a new hub' }).click();
  const code = (await page.locator('.claim-code').textContent()).trim();
  assert.match(code, /^[A-Z0-9]{10}$/);
  await page.getByText('Waiting for the hub to join…').waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'resident-enroll-code');

  const name = `Garage hub ${Date.now() % 100000}`;
  const enrolled = await enrollHub(code, name);
  await page.getByText(`${name} has joined your home.`).waitFor({ timeout: 20_000 });
  const newHub = page.locator(`[data-hub="${enrolled.hubId}"]`);
  await newHub.getByText('Offline, never connected yet').waitFor();
  await newHub.getByText(/^Not security-checked yet/).waitFor();

  // The code is single use: the hub exists once, and a second enrollment with it is refused.
  await assert.rejects(enrollHub(code, `${name} again`), (e) => e.status === 403 && e.problem.code === 'claim_invalid');

  await newHub.getByRole('button', { name: 'Remove this hub…' }).click();
  await newHub.getByRole('button', { name: `Yes, remove ${name}` }).click();
  await newHub.waitFor({ state: 'detached' });
  const hubs = await rest('GET', `/api/v1/homes/${world.homeId}/hubs`, undefined, await token('alice'));
  assert.equal(hubs.filter((h) => h.id === enrolled.hubId).length, 0, 'the removed hub is gone from the list');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('alice opens a support ticket to Acme from the page, Acme sees it, and she withdraws it', async () => {
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: false, next: '/app/#/help' });
  page.problems.length = 0; // the sign-in page's own 401 before signing in is not this app's
  await page.getByRole('heading', { level: 1, name: 'Ask a company for help' }).waitFor();
  await expectNoSeriousAxe(page);

  const summary = `The hall light flickers (${Date.now()})`;
  await page.getByLabel('Company to ask').selectOption({ label: 'Acme Home Services' });
  await page.getByLabel('Kind of problem').selectOption('device');
  await page.getByLabel('Describe the problem').fill(summary);
  await page.getByRole('button', { name: 'Send to the company' }).click();
  await page.getByText('Sent to Acme Home Services.', { exact: false }).waitFor();
  const card = page.locator('.ticket', { hasText: summary });
  await card.getByText('sent, waiting for the company').waitFor();
  await shot(page, 'resident-help');

  const seenByTom = (await rest('GET', '/api/v1/tickets', undefined, await token('tom'))).filter((t) => t.summary === summary);
  assert.equal(seenByTom.length, 1);
  assert.equal(seenByTom[0].category, 'device');
  assert.equal(seenByTom[0].state, 'open');

  await card.getByRole('button', { name: 'Withdraw this request' }).click();
  await page.locator('.ticket', { hasText: summary }).getByText('closed', { exact: true }).waitFor();
  const after = await rest('GET', `/api/v1/tickets/${seenByTom[0].id}`, undefined, await token('alice'));
  assert.equal(after.state, 'closed');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
