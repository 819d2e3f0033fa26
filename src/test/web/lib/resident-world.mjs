// Set-up for the resident specs, over the real API: a support ticket, a technician's session request, a hub's
// enrollment (a real PKCS#10 request signed with a fresh Ed25519 key) and a technician socket opened from a browser
// page with a key-bound connect ticket and DPoP proofs (RFC 9449), exactly as the protocol asks of a browser.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { GATEWAY_URL, rest, token, demoWorld } from './index.mjs';

const DEMO_PROVIDER = 'Acme Home Services';

/** The demo provider's id, as a resident sees it (GET /api/v1/providers). */
export async function providerId(aliceToken) {
  const providers = await rest('GET', '/api/v1/providers', undefined, aliceToken);
  const acme = providers.find((p) => p.name === DEMO_PROVIDER);
  assert.ok(acme, `${DEMO_PROVIDER} is not among the providers`);
  return acme.id;
}

/** A fresh support ticket of Alice's flat to Acme (each spec makes its own). */
export async function openTicket(summary) {
  const alice = await token('alice');
  const world = await demoWorld();
  return rest('POST', '/api/v1/tickets', {
    homeId: world.homeId, providerId: await providerId(alice), category: 'device', summary,
  }, alice);
}

/**
 * Tom asks for a session on a live simulated hub: `grants` like [{devices: ['thermostat-1'], ops: ['diag.read']}],
 * under the demo template `template`. Returns the session view.
 */
export async function requestSession({ template = 'Network troubleshooting', grants, minutes = 30, reason }) {
  const world = await demoWorld();
  const ticket = await openTicket(`spec: ${reason}`);
  const tom = await token('tom');
  const templateId = world.templates[template];
  assert.ok(templateId, `no demo template ${template}`);
  return rest('POST', '/api/v1/sessions', {
    ticketId: ticket.id, hubId: world.hubs[0], templateId, durationMinutes: minutes, reason, scope: { grants },
  }, tom);
}

export async function session(sessionId) {
  return rest('GET', `/api/v1/sessions/${sessionId}`, undefined, await token('alice'));
}

/** Ends what a spec left open (revoke needs no step-up and is safe to repeat). */
export async function revokeQuietly(sessionId) {
  try {
    await rest('POST', `/api/v1/sessions/${sessionId}/revoke`, undefined, await token('alice'));
  } catch {
    // already closed
  }
}

// --- DER, just enough for a PKCS#10 certification request ---------------------------------------------------

function der(tag, ...parts) {
  const body = Buffer.concat(parts);
  let length;
  if (body.length < 0x80) length = Buffer.from([body.length]);
  else if (body.length < 0x100) length = Buffer.from([0x81, body.length]);
  else length = Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const ED25519_ALGORITHM = der(0x30, der(0x06, Buffer.from([0x2b, 0x65, 0x70]))); // 1.3.101.112
const COMMON_NAME = Buffer.from([0x55, 0x04, 0x03]); // 2.5.4.3

/** A PEM PKCS#10 request for a new Ed25519 key, signed by it (the proof of possession enrollment checks). */
export function hubCsr(commonName) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const subject = der(0x30, der(0x31, der(0x30, der(0x06, COMMON_NAME), der(0x0c, Buffer.from(commonName, 'utf8')))));
  const info = der(0x30, der(0x02, Buffer.from([0])), subject, publicKey.export({ type: 'spki', format: 'der' }),
    Buffer.from([0xa0, 0x00]));
  const signature = crypto.sign(null, info, privateKey);
  const request = der(0x30, info, ED25519_ALGORITHM, der(0x03, Buffer.from([0]), signature));
  const lines = request.toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines}\n-----END CERTIFICATE REQUEST-----\n`;
}

/** What a hub does with the resident's claim code: POST /api/v1/hubs/enroll with its CSR. */
export async function enrollHub(claimCode, name) {
  return rest('POST', '/api/v1/hubs/enroll', {
    claimCode, csr: hubCsr(name), name, model: 'chaperone-hub-1', firmware: '1.4.2',
  });
}

// --- The technician's side ---------------------------------------------------------------------------------

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

/** A technician's P-256 key and the DPoP proofs it signs. */
export class TechnicianKey {
  constructor() {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    this.jwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    this.privateKey = privateKey;
  }

  proof(htm, htu, ticket) {
    const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: this.jwk };
    const claims = { jti: crypto.randomUUID(), htm, htu, iat: Math.floor(Date.now() / 1000) };
    if (ticket) claims.ath = b64url(crypto.createHash('sha256').update(ticket, 'ascii').digest());
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = crypto.sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64url(signature)}`;
  }
}

/**
 * Tom connects to an approved session from a browser page on the gateway's own origin: a key-bound connect ticket
 * (POST …/tickets with a DPoP proof), then the socket with the ticket and a second proof as subprotocols. Resolves
 * once the first `session` frame arrived. The page records frames in `window.tech.frames` and the close in
 * `window.tech.close` ({code, at: Date.now()}).
 */
export async function connectTechnician(browser, sessionId) {
  const tom = await token('tom');
  const key = new TechnicianKey();
  const ticketPath = `/api/v1/sessions/${sessionId}/tickets`;
  const response = await fetch(GATEWAY_URL + ticketPath, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tom}`, DPoP: key.proof('POST', GATEWAY_URL + ticketPath) },
  });
  const answer = await response.json();
  assert.equal(response.status, 201, `connect ticket refused: ${JSON.stringify(answer)}`);
  const url = `${GATEWAY_URL.replace(/^http/, 'ws')}/ws/sessions/${sessionId}`;
  const protocols = ['bearer-token-carrier',
    encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${answer.ticket}`),
    `dpop.${key.proof('GET', url, answer.ticket)}`];
  const context = await browser.newContext({ baseURL: GATEWAY_URL });
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(({ socketUrl, offered }) => new Promise((resolve, reject) => {
    const ws = new WebSocket(socketUrl, offered);
    window.tech = { ws, frames: [], close: null };
    ws.addEventListener('message', (m) => window.tech.frames.push(JSON.parse(m.data)));
    ws.addEventListener('close', (e) => { window.tech.close = { code: e.code, reason: e.reason, at: Date.now() }; reject(new Error(`closed ${e.code}`)); });
    ws.addEventListener('open', () => resolve());
  }), { socketUrl: url, offered: protocols });
  await page.waitForFunction(() => window.tech.frames.some((f) => f.type === 'session'), undefined, { timeout: 30_000 });
  return {
    page,
    send: (frame) => page.evaluate((f) => window.tech.ws.send(JSON.stringify(f)), frame),
    frames: () => page.evaluate(() => window.tech.frames),
    closed: () => page.evaluate(() => window.tech.close),
    close: () => context.close(),
  };
}

/** Fills the step-up dialog (/assets/stepup.js) when the page asks for it; returns whether it asked. */
export async function confirmStepUpIfAsked(page, { password = 'alice-demo', code = '123456', timeout = 5000 } = {}) {
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  try {
    await dialog.waitFor({ state: 'visible', timeout });
  } catch {
    return false;
  }
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  await dialog.getByLabel(/One-time code/).fill(code);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  return true;
}
