package io.chaperone.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] key = randomKey();
    private final Redactor nothingRevealed = Redactor.revealing(Set.of(), key);

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** The expected marker of a value given as compact JSON, by the JDK's own HMAC. */
    private String mark(String compactJson) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "hmac-sha256:" + HEX.formatHex(mac.doFinal(compactJson.getBytes(StandardCharsets.UTF_8)));
    }

    private String markOf(String text) throws Exception {
        return mark(JSON.writeValueAsString(text));
    }

    private static String marker(String dataClass, String hash) {
        return "{\"$redacted\":\"" + dataClass + "\",\"hash\":\"" + hash + "\"}";
    }

    @Test
    void shouldReplaceUnrevealedTagWithClassAndKeyedMarker() throws Exception {
        JsonNode data = json("""
                {"ssid":"home","psk":{"$sensitive":"secret","value":"hunter22"},
                 "clients":[{"$sensitive":"network","value":"aa:bb:cc:dd:ee:ff"}]}""");

        JsonNode out = nothingRevealed.redact(data);

        assertEquals(json("{\"ssid\":\"home\",\"psk\":" + marker("secret", markOf("hunter22"))
                + ",\"clients\":[" + marker("network", markOf("aa:bb:cc:dd:ee:ff")) + "]}"), out);
        assertFalse(out.toString().contains("hunter22"));
        assertTrue(data.toString().contains("hunter22"), "the input tree is never modified");
    }

    @Test
    void shouldNotLetAFourDigitCodeBeBruteForcedFromItsMarker() throws Exception {
        JsonNode out = nothingRevealed.redact(json("{\"keypadCode\":{\"$sensitive\":\"secret\",\"value\":\"4821\"}}"));
        String hash = out.get("keypadCode").get("hash").asText();
        String digest = hash.substring(hash.indexOf(':') + 1);

        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int code = 0; code <= 9999; code++) {
            String guess = String.format("%04d", code);
            for (String candidate : new String[] {guess, "\"" + guess + "\""}) {
                assertNotEquals(HEX.formatHex(sha256.digest(candidate.getBytes(StandardCharsets.UTF_8))), digest,
                        "the marker of 4821 must not be the plain SHA-256 of any code");
            }
        }
    }

    @Test
    void shouldGiveTheSameValueDifferentMarkersInTwoSessions() throws Exception {
        JsonNode tag = json("{\"$sensitive\":\"network\",\"value\":\"3c:22:fb:01:02:03\"}");

        String first = nothingRevealed.redact(tag).get("hash").asText();
        String again = nothingRevealed.redact(tag).get("hash").asText();
        String otherSession = Redactor.revealing(Set.of(), randomKey()).redact(tag).get("hash").asText();

        assertEquals(first, again, "within a session a value keeps its marker");
        assertNotEquals(first, otherSession);
    }

    @Test
    void shouldRefuseAKeyShorterThan32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> Redactor.revealing(Set.of(), new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Redactor.revealing(Set.of(), null));
    }

    @Test
    void shouldPassRevealedClassUnchangedKeepingTheTag() throws Exception {
        JsonNode data = json("""
                {"psk":{"$sensitive":"secret","value":"x"},"clients":[{"$sensitive":"network","value":"aa:bb"}]}""");

        JsonNode out = Redactor.revealing(Set.of(DataClass.NETWORK), key).redact(data);

        assertEquals(json("{\"$sensitive\":\"network\",\"value\":\"aa:bb\"}"), out.get("clients").get(0));
        assertEquals("secret", out.get("psk").get("$redacted").asText());
    }

    @Test
    void shouldRedactUnknownOrMissingClassAsSecret() throws Exception {
        JsonNode out = Redactor.revealing(Set.of(DataClass.values()), key).redact(json("""
                [{"$sensitive":"dna","value":"x"},{"$sensitive":7,"value":"y"},{"$sensitive":"media"}]"""));

        assertEquals("secret", out.get(0).get("$redacted").asText());
        assertEquals(markOf("x"), out.get(0).get("hash").asText());
        assertEquals("secret", out.get(1).get("$redacted").asText());
        assertEquals(json("{\"$sensitive\":\"media\"}"), out.get(2), "revealed media without value stays");
    }

    @Test
    void shouldRedactTagsNestedInsideARevealedTag() throws Exception {
        JsonNode out = Redactor.revealing(Set.of(DataClass.PERSONAL), key).redact(json("""
                {"$sensitive":"personal","value":{"name":"Ann","pin":{"$sensitive":"secret","value":"1234"}}}"""));

        assertEquals("Ann", out.get("value").get("name").asText());
        assertEquals(markOf("1234"), out.get("value").get("pin").get("hash").asText());
    }

    @Test
    void shouldMarkNonTextValuesByTheirCompactJson() throws Exception {
        JsonNode out = nothingRevealed.redact(json("[{\"$sensitive\":\"location\",\"value\":{\"lat\":1.5,\"lon\":2}},"
                + "{\"$sensitive\":\"secret\",\"value\":7},{\"$sensitive\":\"secret\",\"value\":\"7\"}]"));

        assertEquals(mark("{\"lat\":1.5,\"lon\":2}"), out.get(0).get("hash").asText());
        assertNotEquals(out.get(1).get("hash"), out.get(2).get("hash"), "the number 7 is not the string \"7\"");
    }

    @Test
    void shouldReturnTheSameTreeWhenNothingIsTagged() throws Exception {
        JsonNode data = json("{\"setpoint\":21.5,\"nested\":{\"list\":[1,{\"a\":\"b\"}]}}");

        assertSame(data, nothingRevealed.redact(data));
    }
}
