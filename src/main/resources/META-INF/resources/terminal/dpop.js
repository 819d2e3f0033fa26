// The technician's proof key for this page (ADR 0009, docs/protocol.md "Technician leg"): an ECDSA P-256 key pair
// made with extractable:false, so the private key can sign DPoP proofs (RFC 9449) but never leave the browser. The
// connect ticket is bound to its thumbprint (cnf.jkt) and every socket upgrade proves possession of it.

const encoder = new TextEncoder();

function base64url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlJson(value) {
  return base64url(encoder.encode(JSON.stringify(value)));
}

/** base64url(SHA-256(text)): a proof's `ath` for the ticket it accompanies. */
export async function sha256(text) {
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export class ProofKey {
  static async create() {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const full = await crypto.subtle.exportKey('jwk', pair.publicKey);
    return new ProofKey(pair, { crv: full.crv, kty: full.kty, x: full.x, y: full.y });
  }

  constructor(pair, publicJwk) {
    this.pair = pair;
    this.publicJwk = publicJwk;
  }

  /** A compact ES256 `dpop+jwt` for one request; `ticket` adds its `ath` (the socket upgrade). */
  async proof(method, url, ticket) {
    const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: this.publicJwk };
    const claims = { jti: crypto.randomUUID(), htm: method, htu: url, iat: Math.floor(Date.now() / 1000) };
    if (ticket) claims.ath = await sha256(ticket);
    const input = `${base64urlJson(header)}.${base64urlJson(claims)}`;
    // WebCrypto's ECDSA signature is r||s, exactly the JWS form.
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.pair.privateKey, encoder.encode(input));
    return `${input}.${base64url(signature)}`;
  }
}
