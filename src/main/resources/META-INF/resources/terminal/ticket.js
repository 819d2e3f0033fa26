// A connect ticket bound to the page's key, and the socket it opens (docs/protocol.md "Technician leg"). A new
// ticket for every (re)connection: tickets are single use and live at most 30 s, so one is never kept.
import { api } from '/assets/api.js';
import { withStepUp } from '/assets/stepup.js';
import { openSocket, socketUrl } from '/assets/ws.js';

async function mint(sessionId, key) {
  const path = `/api/v1/sessions/${sessionId}/tickets`;
  const proof = await key.proof('POST', new URL(path, location.origin).href);
  const minted = await api('POST', path, undefined, { headers: { DPoP: proof } });
  return minted.ticket;
}

/** Mints a key-bound ticket and opens the session socket with it and a proof of the key. */
export async function connect(sessionId, key) {
  const ticket = await withStepUp(() => mint(sessionId, key));
  const path = `/ws/sessions/${sessionId}`;
  const proof = await key.proof('GET', socketUrl(path), ticket);
  return openSocket(path, ['bearer-token-carrier',
    encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${ticket}`), `dpop.${proof}`]);
}
