// Notification settings (preferences, a webhook whose secret shows once, delivery status) and logging choices,
// saved in the browser and read back, on a home made for this spec (the demo home's settings stay untouched).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, token, rest, expectNoSeriousAxe, shot } from '../lib/index.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('notification settings and the logging choice are saved and read back; a webhook shows its secret once and its delivery status', async () => {
  const alice = await token('alice');
  const home = await rest('POST', '/api/v1/homes', { name: `Settings spec ${Date.now()}` }, alice);
  const url = `/app/outcomes/settings.html?home=${home.id}`;
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: url });
  await page.getByRole('button', { name: 'Save notification settings' }).waitFor();
  assert.equal(await page.getByLabel('Send me an e-mail digest').isChecked(), false);
  await expectNoSeriousAxe(page);

  // an address that is not one is refused in words
  await page.getByLabel('Send me an e-mail digest').check();
  await page.getByLabel('E-mail address for the digest').fill('not an address');
  await page.getByRole('button', { name: 'Save notification settings' }).click();
  await page.locator('#preferences-problem').getByText('That is not an e-mail address.').waitFor();

  await page.getByLabel('E-mail address for the digest').fill('alice.digest@example.test');
  await page.getByLabel('Send notifications to my webhooks').uncheck();
  await page.getByLabel('A session ended').check();
  await page.getByLabel('A rollback finished').check();
  await page.getByRole('button', { name: 'Save notification settings' }).click();
  await page.locator('#status').getByText('Notification settings saved.').waitFor();
  const saved = await rest('GET', `/api/v1/homes/${home.id}/notification-preferences`, undefined, alice);
  assert.deepEqual({ ...saved, mutedKinds: [...saved.mutedKinds].sort() }, { emailEnabled: true,
    emailAddress: 'alice.digest@example.test', webhookEnabled: false, mutedKinds: ['rollback.done', 'session.ended'] });

  await page.getByRole('radio', { name: 'Only that something happened' }).check();
  await page.getByRole('button', { name: 'Save logging choice' }).click();
  await page.locator('#status').getByText('Logging choice saved.').waitFor();
  assert.equal((await rest('GET', `/api/v1/homes/${home.id}/logging-choices`, undefined, alice)).liveFeedContent, 'minimal');

  // a webhook: an address with credentials in it is refused in words, a plain https one accepted, its secret shown once
  await page.getByLabel('Add a webhook address').fill('https://someone:secret@127.0.0.1:9/hook');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  await page.locator('#webhook-problem')
    .getByText('The address must be an https:// address with no user name or password in it.').waitFor();
  assert.deepEqual(await rest('GET', `/api/v1/homes/${home.id}/webhooks`, undefined, alice), []);
  await page.getByLabel('Add a webhook address').fill('https://127.0.0.1:9/hook');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const secret = page.locator('#webhook-secret-value');
  await secret.waitFor();
  assert.match(await secret.textContent(), /^whsec_[A-Za-z0-9+/=]+$/);
  await page.locator('#webhook-list code', { hasText: 'https://127.0.0.1:9/hook' }).waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'outcomes-settings');
  const hooks = await rest('GET', `/api/v1/homes/${home.id}/webhooks`, undefined, alice);
  assert.deepEqual(hooks.map((h) => h.url), ['https://127.0.0.1:9/hook']);
  assert.equal(JSON.stringify(hooks).includes('whsec_'), false);

  // read back after a reload: the saved values, the webhook listed, its secret never again
  await rest('PUT', `/api/v1/homes/${home.id}/notification-preferences`, { ...saved, webhookEnabled: true }, alice);
  await rest('POST', `/api/v1/homes/${home.id}/access-reviews`, {}, alice); // one notification to deliver
  await page.reload();
  await page.getByRole('button', { name: 'Save notification settings' }).waitFor();
  assert.equal(await page.getByLabel('Send me an e-mail digest').isChecked(), true);
  assert.equal(await page.getByLabel('E-mail address for the digest').inputValue(), 'alice.digest@example.test');
  assert.equal(await page.getByLabel('A session ended').isChecked(), true);
  assert.equal(await page.getByLabel('A technician asks for access').isChecked(), false);
  assert.equal(await page.getByRole('radio', { name: 'Only that something happened' }).isChecked(), true);
  await page.locator('#webhook-list code', { hasText: 'https://127.0.0.1:9/hook' }).waitFor();
  assert.equal(await page.locator('#webhook-secret-value').count(), 0);
  assert.equal((await page.content()).includes('whsec_'), false);
  // the delivery status: the review's notification, its webhook attempt failing against a closed port
  await until(async () => (await rest('GET', `/api/v1/homes/${home.id}/notifications`, undefined, alice))
    .some((n) => n.deliveries.some((d) => d.channel === 'webhook' && d.attempts > 0)));
  await page.reload();
  const row = page.locator('#delivery-table tbody tr', { hasText: 'webhook:' });
  await row.first().waitFor();
  assert.match(await row.first().textContent(),
    /webhook: (not delivered yet, tried again .+|gave up) \(\d+ attempts? so far\) — last error: \w+/);
  await shot(page, 'outcomes-settings-deliveries');

  // remove the webhook
  await page.getByRole('button', { name: 'Remove https://127.0.0.1:9/hook' }).click();
  await page.locator('#webhook-list').getByText('No webhook yet.').waitFor();
  assert.deepEqual(await rest('GET', `/api/v1/homes/${home.id}/webhooks`, undefined, alice), []);
  assert.deepEqual(page.problems.filter((p) => !p.startsWith('Failed to load resource')), []);
  await page.context().close();
});

/** Waits until `condition()` is true, checking every 250 ms, at most `ms`. */
async function until(condition, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `not true within ${ms} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
