package io.chaperone.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Redactor nothingRevealed = Redactor.revealing(Set.of());

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String sha(String value) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldReplaceUnrevealedTagWithClassAndHash() throws Exception {
        JsonNode data = json("""
                {"ssid":"home","psk":{"$sensitive":"secret","value":"hunter22"},
                 "clients":[{"$sensitive":"network","value":"aa:bb:cc:dd:ee:ff"}]}""");

        JsonNode out = nothingRevealed.redact(data);

        assertEquals(json("{\"ssid\":\"home\",\"psk\":{\"$redacted\":\"secret\",\"hash\":\"" + sha("hunter22")
                + "\"},\"clients\":[{\"$redacted\":\"network\",\"hash\":\"" + sha("aa:bb:cc:dd:ee:ff") + "\"}]}"), out);
        assertFalse(out.toString().contains("hunter22"));
        assertTrue(data.toString().contains("hunter22"), "the input tree is never modified");
    }

    @Test
    void shouldPassRevealedClassUnchangedKeepingTheTag() throws Exception {
        JsonNode data = json("""
                {"psk":{"$sensitive":"secret","value":"x"},"clients":[{"$sensitive":"network","value":"aa:bb"}]}""");

        JsonNode out = Redactor.revealing(Set.of(DataClass.NETWORK)).redact(data);

        assertEquals(json("{\"$sensitive\":\"network\",\"value\":\"aa:bb\"}"), out.get("clients").get(0));
        assertEquals("secret", out.get("psk").get("$redacted").asText());
    }

    @Test
    void shouldRedactUnknownOrMissingClassAsSecret() throws Exception {
        JsonNode out = Redactor.revealing(Set.of(DataClass.values())).redact(json("""
                [{"$sensitive":"dna","value":"x"},{"$sensitive":7,"value":"y"},{"$sensitive":"media"}]"""));

        assertEquals("secret", out.get(0).get("$redacted").asText());
        assertEquals(sha("x"), out.get(0).get("hash").asText());
        assertEquals("secret", out.get(1).get("$redacted").asText());
        assertEquals(json("{\"$sensitive\":\"media\"}"), out.get(2), "revealed media without value stays");
    }

    @Test
    void shouldRedactTagsNestedInsideARevealedTag() throws Exception {
        JsonNode out = Redactor.revealing(Set.of(DataClass.PERSONAL)).redact(json("""
                {"$sensitive":"personal","value":{"name":"Ann","pin":{"$sensitive":"secret","value":"1234"}}}"""));

        assertEquals("Ann", out.get("value").get("name").asText());
        assertEquals(sha("1234"), out.get("value").get("pin").get("hash").asText());
    }

    @Test
    void shouldHashNonTextValuesAsCompactJson() throws Exception {
        JsonNode out = nothingRevealed.redact(json("{\"$sensitive\":\"location\",\"value\":{\"lat\":1.5,\"lon\":2}}"));

        assertEquals(sha("{\"lat\":1.5,\"lon\":2}"), out.get("hash").asText());
    }

    @Test
    void shouldReturnTheSameTreeWhenNothingIsTagged() throws Exception {
        JsonNode data = json("{\"setpoint\":21.5,\"nested\":{\"list\":[1,{\"a\":\"b\"}]}}");

        assertSame(data, nothingRevealed.redact(data));
    }

    @Test
    void shouldLeaveChunkWithoutMarkerUntouched() {
        String chunk = "12:00:01 boot ok {not json}\n";

        assertSame(chunk, nothingRevealed.redactChunk(chunk));
    }

    @Test
    void shouldRedactChunkThatIsAWholeJsonDocument() throws Exception {
        String chunk = "{\"line\":\"joined\",\"psk\":{\"$sensitive\":\"secret\",\"value\":\"pw\"}}";

        String out = nothingRevealed.redactChunk(chunk);

        assertEquals(json("{\"line\":\"joined\",\"psk\":{\"$redacted\":\"secret\",\"hash\":\"" + sha("pw") + "\"}}"),
                json(out));
    }

    @Test
    void shouldRedactTagsEmbeddedInLogText() throws Exception {
        String chunk = "12:00 {boot} unlocked by {\"$sensitive\":\"personal\",\"value\":\"Ann\"} at door; "
                + "wifi key {\"value\":\"pw\", \"$sensitive\":\"secret\"} ok\n";

        String out = nothingRevealed.redactChunk(chunk);

        assertEquals("12:00 {boot} unlocked by {\"$redacted\":\"personal\",\"hash\":\"" + sha("Ann")
                + "\"} at door; wifi key {\"$redacted\":\"secret\",\"hash\":\"" + sha("pw") + "\"} ok\n", out);
    }

    @Test
    void shouldKeepRevealedTagInLogText() {
        String chunk = "client {\"$sensitive\":\"network\",\"value\":\"aa:bb\"} joined";

        String out = Redactor.revealing(Set.of(DataClass.NETWORK)).redactChunk(chunk);

        assertEquals(chunk, out);
    }

    @Test
    void shouldRedactWholeChunkWhenAMarkerIsNotAWellFormedTag() throws Exception {
        String chunk = "oops \"$sensitive\":\"secret\",\"value\":\"pw\" truncated {";

        String out = nothingRevealed.redactChunk(chunk);

        assertEquals(json("{\"$redacted\":\"secret\",\"hash\":\"" + sha(chunk) + "\"}"), json(out));
        assertFalse(out.contains("pw"));
    }
}
