// Drives real support sessions for browser specs: REST as the demo users (development issuer) and the technician's
// socket opened from a real Chromium page, exactly as the web terminal does: a non-extractable WebCrypto P-256 key,
// a key-bound connect ticket asked with a DPoP proof, and the upgrade carrying the ticket and a second proof
// (htm GET, ath) as subprotocols (docs/protocol.md "Technician leg").
//
// API (also in /work/reports/outcomes.driver):
//   openTechnician(browser, token, sessionId) → {waitFor(match, ms), command(id, device, op, args), closed(ms), close()}
//       match is {field: value | [values]}: the first frame whose fields all match; command() answers the
//       result/denied/error frame of that id; closed() the socket's close code.
//   approvedSession({templateName, grants, approval, reason?}) → {sessionId, ticketId, hubId}
//       resident-world's requestSession (a new ticket of the demo home, tom's request on its first live hub) and
//       alice's approval (`approval`: {} = the read-only subset, or {scope}).
//   writingSession(browser, {device?}) → {sessionId, ticketId, hubId, technician} with config.write, connected
//   endedSessionWithChange(browser, {device?, setting?, value}) → {sessionId, ticketId, hubId}: the session
//       wrote {setting: value} (the hub answered ok) and alice ended it (the socket closed 4003)
//   readSettings(browser, {device?}) → the device's configuration as the (same, first live) hub answers config.read
//       in a read-only session (ended afterwards)
import { token, rest } from './gateway.mjs';
import { GATEWAY_URL } from './browser.mjs';
import { requestSession } from './resident-world.mjs';

const DEFAULT_TIMEOUT = 20000;

export async function openTechnician(browser, bearer, sessionId) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${GATEWAY_URL}/`);
  await page.evaluate(async ({ bearer, sessionId }) => {
    const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    const text = (value) => b64url(new TextEncoder().encode(value));
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey);
    async function proof(htm, htu, ticket) {
      const claims = { jti: crypto.randomUUID(), htm, htu, iat: Math.floor(Date.now() / 1000) };
      if (ticket) claims.ath = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(ticket)));
      const input = `${text(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } }))}.${text(JSON.stringify(claims))}`;
      const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, new TextEncoder().encode(input));
      return `${input}.${b64url(signature)}`;
    }
    const ticketUrl = `${location.origin}/api/v1/sessions/${sessionId}/tickets`;
    const answer = await fetch(ticketUrl, { method: 'POST',
      headers: { Authorization: `Bearer ${bearer}`, DPoP: await proof('POST', ticketUrl) } });
    if (answer.status !== 201) throw new Error(`connect ticket: HTTP ${answer.status} ${await answer.text()}`);
    const { ticket } = await answer.json();
    const socketPath = `/ws/sessions/${sessionId}`;
    const upgradeProof = await proof('GET', `${location.origin}${socketPath}`, ticket);
    const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${socketPath}`;
    window.techFrames = [];
    window.techClose = null;
    const socket = new WebSocket(wsUrl, ['bearer-token-carrier',
      encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${ticket}`), `dpop.${upgradeProof}`]);
    socket.onmessage = (event) => window.techFrames.push(JSON.parse(event.data));
    socket.onclose = (event) => { window.techClose = event.code; };
    window.techSocket = socket;
  }, { bearer, sessionId });

  // No code is sent into the page to match frames: its CSP forbids eval, so only data crosses.
  async function waitFor(match, timeout = DEFAULT_TIMEOUT) {
    const handle = await page.waitForFunction((wanted) => window.techFrames.find((frame) => Object.entries(wanted)
      .every(([key, value]) => (Array.isArray(value) ? value.includes(frame[key]) : frame[key] === value))) || null,
    match, { timeout, polling: 50 });
    return handle.jsonValue();
  }

  return {
    waitFor,
    async command(id, device, op, args) {
      await page.evaluate((frame) => window.techSocket.send(JSON.stringify(frame)), { type: 'cmd', id, device, op, args });
      return waitFor({ id, type: ['result', 'denied', 'error'] });
    },
    async closed(timeout = DEFAULT_TIMEOUT) {
      const handle = await page.waitForFunction(() => window.techClose, null, { timeout, polling: 50 });
      return handle.jsonValue();
    },
    async close() {
      await context.close();
    },
  };
}

export async function approvedSession({ templateName, grants, approval, reason = 'spec session' }) {
  const session = await requestSession({ template: templateName, grants, minutes: 15, reason });
  await rest('POST', `/api/v1/sessions/${session.id}/approve`, approval, await token('alice'));
  return { sessionId: session.id, ticketId: session.ticketId, hubId: session.hubId };
}

export async function writingSession(browser, { device = 'thermostat-1', reason = 'adjust the heating' } = {}) {
  const grants = [{ devices: [device], ops: ['config.read', 'config.write'] }];
  const { sessionId, ticketId, hubId } = await approvedSession(
    { templateName: 'Configuration change', grants, approval: { scope: { grants } }, reason });
  const technician = await openTechnician(browser, await token('tom'), sessionId);
  await technician.waitFor({ type: 'session' });
  return { sessionId, ticketId, hubId, technician };
}

export async function endedSessionWithChange(browser, { device = 'thermostat-1', setting = 'setpoint', value }) {
  const { sessionId, ticketId, hubId, technician } = await writingSession(browser, { device });
  try {
    const reply = await technician.command('w-1', device, 'config.write', { [setting]: value });
    if (reply.type !== 'result' || reply.ok !== true) throw new Error(`config.write answered ${JSON.stringify(reply)}`);
    await rest('POST', `/api/v1/sessions/${sessionId}/end`, undefined, await token('alice'));
    const code = await technician.closed();
    if (code !== 4003) throw new Error(`the technician's socket closed with ${code}, not 4003`);
  } finally {
    await technician.close();
  }
  return { sessionId, ticketId, hubId };
}

export async function readSettings(browser, { device = 'thermostat-1' } = {}) {
  const { sessionId } = await approvedSession({ templateName: 'Diagnostics (read-only)',
    grants: [{ devices: [device], ops: ['config.read'] }], approval: {}, reason: 'read the settings back' });
  const alice = await token('alice');
  const technician = await openTechnician(browser, await token('tom'), sessionId);
  try {
    await technician.waitFor({ type: 'session' });
    const reply = await technician.command('r-1', device, 'config.read', {});
    if (reply.type !== 'result' || reply.ok !== true) throw new Error(`config.read answered ${JSON.stringify(reply)}`);
    await rest('POST', `/api/v1/sessions/${sessionId}/end`, undefined, alice);
    return reply.data;
  } finally {
    await technician.close();
  }
}
