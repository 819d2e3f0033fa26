package io.chaperone.trust;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Reads and hand-crafts compact JWTs in tests, without verifying anything. */
final class TicketJwt {

    private TicketJwt() {
    }

    static Map<String, Object> header(String token) {
        return json(token.split("\\.")[0]);
    }

    static Map<String, Object> claims(String token) {
        return json(token.split("\\.")[1]);
    }

    static String encode(Map<String, Object> json) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JsonUtil.toJson(json).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> json(String part) {
        try {
            return JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
        } catch (JoseException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }
}
