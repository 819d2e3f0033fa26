// Your data: the export is a real browser download of a bundle that parses; erasure asks twice and then the home
// (one made for this spec, never the demo home) is gone from the app; the privacy notice as the API serves it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, newPage, signIn, token, rest, demoWorld, expectNoSeriousAxe, shot } from '../lib/index.mjs';
import { confirmStepUpIfAsked } from '../lib/resident-world.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const quiet = (page) => page.problems.filter((p) => !p.startsWith('Failed to load resource'));

test('the export downloads a non-empty bundle of the home that parses', async () => {
  const world = await demoWorld();
  const page = await newPage(browser);
  await signIn(page, 'alice', { mfa: true, next: `/app/outcomes/data.html?home=${world.homeId}` });
  const link = page.getByRole('link', { name: 'Download my data' });
  await link.waitFor();
  await expectNoSeriousAxe(page);
  await shot(page, 'outcomes-data');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), `chaperone-export-${world.homeId}.json`);
  const text = await readFile(await download.path(), 'utf8');
  assert.ok(text.length > 1000, `a bundle of ${text.length} characters`);
  const bundle = JSON.parse(text);
  assert.equal(bundle.format, 'chaperone-export/1');
  assert.equal(bundle.homeId, world.homeId);
  assert.equal(bundle.home.name, "Alice's flat");
  assert.ok(bundle.hubs.length >= 1);
  assert.ok(Array.isArray(bundle.sessions) && Array.isArray(bundle.checkpoints));
  assert.equal(bundle.privacyNotice.version, (await rest('GET', '/api/v1/privacy-notice')).version);
  // the browser never saw a token: the download was authenticated by the HttpOnly cookie
  assert.equal(download.url(), new URL(`/api/v1/homes/${world.homeId}/export`, page.url()).href);
  assert.deepEqual(quiet(page), []);
  await page.context().close();
});

test('erasure asks twice, re-authenticates a password-only sign-in with the second factor, then the home is gone', async () => {
  const alice = await token('alice');
  const name = `Erase spec ${Date.now()}`;
  const home = await rest('POST', '/api/v1/homes', { name }, alice);
  const page = await newPage(browser);
  // signed in with the password only: erasure needs a fresh second factor (step-up), asked for at the very end
  await signIn(page, 'alice', { mfa: false, next: `/app/outcomes/data.html?home=${home.id}` });

  // step one only opens the consequences: nothing is erased yet
  await page.getByRole('button', { name: `Erase the data of ${name}…` }).click();
  const confirm = page.getByRole('heading', { name: 'Are you sure? This cannot be undone.' });
  await confirm.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Are you sure? This cannot be undone.');
  assert.equal((await rest('GET', `/api/v1/homes/${home.id}`, undefined, alice)).erasedAt, null);
  await expectNoSeriousAxe(page);
  await shot(page, 'outcomes-erase-confirm');

  // "Keep my data" backs out; then step two with a wrong name is refused in words, still nothing erased
  await page.getByRole('button', { name: 'Keep my data' }).click();
  await page.getByRole('button', { name: `Erase the data of ${name}…` }).click();
  await page.getByLabel(/Type the home's name/).fill('something else');
  await page.getByRole('button', { name: 'Erase for good' }).click();
  await page.locator('#erase-problem').getByText('The name does not match.', { exact: false }).waitFor();
  assert.equal((await rest('GET', `/api/v1/homes/${home.id}`, undefined, alice)).erasedAt, null);

  await page.getByLabel(/Type the home's name/).fill(name);
  await page.getByRole('button', { name: 'Erase for good' }).click();
  assert.equal(await confirmStepUpIfAsked(page), true, 'the step-up dialog asked for the second factor');
  await page.getByRole('heading', { name: `The data of ${name} is erased` }).waitFor();
  await shot(page, 'outcomes-erased');

  const erased = await rest('GET', `/api/v1/homes/${home.id}`, undefined, alice);
  assert.notEqual(erased.erasedAt, null);
  assert.equal(erased.name, '[erased]');
  // gone from the app: this page stops offering it at once, and no screen offers it again
  assert.ok(!(await page.locator('#home-choice').textContent()).includes(name));
  await page.goto(`/app/outcomes/data.html?home=${home.id}`);
  await page.getByRole('link', { name: 'Download my data' }).waitFor();
  const offered = await page.locator('#home-choice').textContent();
  assert.ok(!offered.includes(name) && !offered.includes('[erased]'), offered);
  assert.deepEqual(quiet(page), []);
  await page.context().close();
});

test('the privacy notice shows the version the API serves, with the rights and the contact, without signing in', async () => {
  const notice = await rest('GET', '/api/v1/privacy-notice');
  const page = await newPage(browser);
  await page.goto('/app/outcomes/privacy.html');
  await page.getByRole('heading', { name: 'Your rights' }).waitFor();
  const text = await page.locator('#notice').textContent();
  assert.ok(text.includes(notice.summary));
  assert.ok(text.includes(`Version ${notice.version}`));
  for (const right of notice.rights) assert.ok(text.includes(right), right);
  assert.equal(await page.getByRole('link', { name: notice.contact }).getAttribute('href'), `mailto:${notice.contact}`);
  await expectNoSeriousAxe(page);
  await shot(page, 'outcomes-privacy');
  assert.deepEqual(quiet(page), []);
  await page.context().close();
});
