package io.chaperone.trust;

import java.util.List;
import java.util.Map;

/**
 * A holder of gateway keys whose public halves appear in {@code /.well-known/jwks.json}. Each
 * source returns JWKs with public parameters only (the session-ticket key ring today; the audit
 * checkpoint key later), so the JWKS never hard-codes one key type.
 */
public interface PublishedKeySource {

    /** The public JWKs (kty, kid, alg, use and the key's public parameters) to publish now. */
    List<Map<String, Object>> publishedKeys();
}
