// One import for specs: import { launch, newPage, signIn, token, rest, demoWorld, expectNoSeriousAxe, shot } from '../lib/index.mjs';
export { GATEWAY_URL, SCREENSHOTS_DIR, PHONE, DESKTOP, launch, newPage, shot } from './browser.mjs';
export { USERS, token, rest, signIn, demoWorld } from './gateway.mjs';
export { expectNoSeriousAxe, seriousAxeViolations } from './axe.mjs';
