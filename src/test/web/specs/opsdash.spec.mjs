// Ops dashboard (/ops/): olivia watches the live counts follow a session, stops it with the kill switch, and the
// page passes axe at phone and desktop size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, token, rest, demoWorld, expectNoSeriousAxe, shot, DESKTOP } from '../lib/index.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** tom asks for read-only diagnostics on a live simulated hub; returns the session id. */
async function requestSession(reason) {
  const world = await demoWorld();
  const tom = await token('tom');
  const session = await rest('POST', '/api/v1/sessions', {
    ticketId: world.ticketId, hubId: world.hubs[0], templateId: world.templates['Diagnostics (read-only)'],
    durationMinutes: 30, reason, scope: { grants: [{ devices: ['thermostat-1'], ops: ['diag.read'] }] },
  }, tom);
  return session.id;
}

async function count(page, id) {
  return Number(await page.locator(`#${id}`).textContent());
}

/** Waits until the live metric `id` reads `expected` (the feed sends a snapshot a second). */
async function metricBecomes(page, id, expected) {
  await page.waitForFunction(([metric, value]) => document.getElementById(metric).textContent === String(value),
    [id, expected], { timeout: 15_000 });
}

/**
 * What went wrong on the page besides the sign-in page's expected 401 of /auth/session (asked before signing in) and
 * Chromium's own favicon request: failed responses by path, and script errors.
 */
function problems(page) {
  return [...page.failed.filter((f) => f !== '401 /auth/session' && !f.endsWith(' /favicon.ico')),
    ...page.problems.filter((p) => !p.startsWith('Failed to load resource'))];
}

async function openDashboard(viewport) {
  const page = await newPage(browser, viewport ? { viewport } : undefined);
  page.failed = [];
  page.on('response', (r) => { if (r.status() >= 400) page.failed.push(`${r.status()} ${new URL(r.url()).pathname}`); });
  await signIn(page, 'olivia', { mfa: true, next: '/ops/' });
  assert.equal(new URL(page.url()).pathname, '/ops/');
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => document.getElementById('m-approved').textContent !== '–', null, { timeout: 15_000 });
  return page;
}

test('the live counts follow a session from request to approval, and the kill switch terminates it', async () => {
  const page = await openDashboard(DESKTOP);
  await page.getByText('Signed in as Olivia').first().waitFor();
  const requested = await count(page, 'm-requested');
  const approved = await count(page, 'm-approved');

  // tom requests: the dashboard counts one more request
  const sid = await requestSession('ops dashboard spec');
  await metricBecomes(page, 'm-requested', requested + 1);

  // alice approves: one request fewer, one approved session more, and it is listed
  await rest('POST', `/api/v1/sessions/${sid}/approve`, {}, await token('alice'));
  await metricBecomes(page, 'm-approved', approved + 1);
  assert.equal(await count(page, 'm-requested'), requested);
  const row = page.locator(`tr[data-session="${sid}"]`);
  await row.getByText('approved').waitFor({ timeout: 15_000 });

  // olivia pulls the switch: a reason is required, then the session is terminated
  await row.getByRole('button', { name: `Terminate session ${sid.slice(0, 8)}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Emergency stop' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Stop it now' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Give a reason' }).waitFor();
  assert.equal(await dialog.getByLabel('Reason', { exact: true }).getAttribute('aria-invalid'), 'true');
  await dialog.getByLabel('Reason', { exact: true }).fill('spec: suspected account takeover');
  await dialog.getByRole('button', { name: 'Stop it now' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // the gateway says terminated, with olivia's reason; the counts and the list let it go
  const view = await rest('GET', `/api/v1/sessions/${sid}`, undefined, await token('olivia'));
  assert.equal(view.state, 'terminated');
  assert.equal(view.endReason, 'spec: suspected account takeover');
  await metricBecomes(page, 'm-approved', approved);
  await row.waitFor({ state: 'detached', timeout: 15_000 });
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('the dashboard shows hubs, templates and a verification run, passes axe, and is usable on a phone', async () => {
  const page = await openDashboard();
  const world = await demoWorld();
  await page.locator(`tr[data-hub="${world.hubs[0]}"]`).getByText('online').waitFor({ timeout: 15_000 });
  await page.locator('#review-list').locator('p, table').first().waitFor();

  await page.getByRole('button', { name: 'Verify recent chains now' }).click();
  await page.locator('#audit-result').getByText(/chains, \d+ records/).waitFor({ timeout: 30_000 });
  const [latest] = await rest('GET', '/api/v1/ops/audit/verifications', undefined, await token('olivia'));
  assert.equal(latest.requestedBy, 'olivia');

  // let the charts fill a little before the pictures
  await page.waitForFunction(() => document.querySelectorAll('.chart polyline')[0].getAttribute('points').split(' ').length >= 3,
    null, { timeout: 15_000 });
  await expectNoSeriousAxe(page);
  await shot(page, 'ops-dashboard');

  // keyboard only: the kill dialog opens on a focused button and Cancel gives the focus back
  const killHub = page.getByRole('button', { name: /^Kill hub / }).first();
  await killHub.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Emergency stop' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'kill-reason');
  await expectNoSeriousAxe(page);
  await shot(page, 'ops-kill-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await killHub.evaluate((node) => node === document.activeElement), true);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('a resident who opens /ops/ is told it is for ops, and the feed refuses her', async () => {
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: false, next: '/ops/' });
  await page.getByRole('alert').filter({ hasText: 'This dashboard is for operations staff' }).waitFor();
  const refused = await page.evaluate(() => new Promise((resolve) => {
    const socket = new WebSocket(`ws://${location.host}/ws/ops/live`);
    socket.addEventListener('open', () => resolve('open'));
    socket.addEventListener('close', (event) => resolve(`closed ${event.code}`));
  }));
  assert.equal(refused, 'closed 1006');
  await page.context().close();
});
