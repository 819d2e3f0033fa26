// Chromium for the specs: Debian's /usr/bin/chromium (or $CHROMIUM) driven by playwright-core, headless.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const GATEWAY_URL = (process.env.GATEWAY_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR || 'target/screenshots';
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** A headless Chromium; close it in an `after` hook. */
export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS });
}

/**
 * A fresh context (own cookies) with baseURL = the gateway and, by default, the phone viewport. Collects the
 * page's console errors and CSP violations in `context.problems` so specs can assert there were none.
 */
export async function newPage(browser, { viewport = PHONE } = {}) {
  const context = await browser.newContext({ baseURL: GATEWAY_URL, viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => { if (message.type() === 'error') page.problems.push(message.text()); });
  page.on('pageerror', (error) => page.problems.push(String(error)));
  return page;
}

/** Saves `<name>-phone.png` and `<name>-desktop.png` of the page as it is now (full page). */
export async function shot(page, name) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const [suffix, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(0);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-${suffix}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
