package io.chaperone.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link Redactor#redactChunk}: every JSON document in a text chunk is redacted, nothing is lost, in linear time. */
class ChunkRedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final byte[] key = new byte[32];
    private final Redactor nothingRevealed = Redactor.revealing(Set.of(), key);

    /** The marker {@link Redactor} gives a tag of this class and text value under the test key. */
    private String redactedTag(String dataClass, String value) throws Exception {
        JsonNode tag = JSON.readTree("{\"$sensitive\":\"" + dataClass + "\",\"value\":" + JSON.writeValueAsString(value) + "}");
        return nothingRevealed.redact(tag).toString();
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

        assertEquals("{\"line\":\"joined\",\"psk\":" + redactedTag("secret", "pw") + "}", out);
    }

    @Test
    void shouldRedactEveryDocumentOfAnNdjsonChunkAndLoseNone() throws Exception {
        String chunk = """
                {"at":"12:00:01","msg":"boot"}
                {"at":"12:00:02","user":{"$sensitive":"personal","value":"Ann"}}
                {"at":"12:00:03","code":{"$sensitive":"secret","value":"4821"}}
                """;

        String out = nothingRevealed.redactChunk(chunk);

        assertEquals("{\"at\":\"12:00:01\",\"msg\":\"boot\"}\n"
                + "{\"at\":\"12:00:02\",\"user\":" + redactedTag("personal", "Ann") + "}\n"
                + "{\"at\":\"12:00:03\",\"code\":" + redactedTag("secret", "4821") + "}\n", out);
    }

    @Test
    void shouldRedactAnObjectThatFollowsACompleteUntaggedArray() throws Exception {
        String chunk = "[1] {\"pin\":{\"$sensitive\":\"secret\",\"value\":\"0000\"}}";

        String out = nothingRevealed.redactChunk(chunk);

        assertEquals("[1] {\"pin\":" + redactedTag("secret", "0000") + "}", out);
    }

    @Test
    void shouldKeepWhatFollowsATaggedFirstValue() throws Exception {
        String chunk = "{\"$sensitive\":\"secret\",\"value\":\"pw\"} then the rest, [2,3] and {\"$sensitive\":\"network\","
                + "\"value\":\"aa:bb\"} end";

        String out = nothingRevealed.redactChunk(chunk);

        assertEquals(redactedTag("secret", "pw") + " then the rest, [2,3] and " + redactedTag("network", "aa:bb") + " end",
                out);
    }

    @Test
    void shouldRedactTagsEmbeddedInLogText() throws Exception {
        String chunk = "12:00 {boot} unlocked by {\"$sensitive\":\"personal\",\"value\":\"Ann\"} at door; "
                + "wifi key {\"value\":\"pw\", \"$sensitive\":\"secret\"} ok\n";

        String out = nothingRevealed.redactChunk(chunk);

        assertEquals("12:00 {boot} unlocked by " + redactedTag("personal", "Ann") + " at door; wifi key "
                + redactedTag("secret", "pw") + " ok\n", out);
    }

    @Test
    void shouldKeepRevealedTagInLogText() {
        String chunk = "client {\"$sensitive\":\"network\",\"value\":\"aa:bb\"} joined";

        assertSame(chunk, Redactor.revealing(Set.of(DataClass.NETWORK), key).redactChunk(chunk));
    }

    @Test
    void shouldRedactWholeChunkWhenAMarkerIsNotAWellFormedTag() {
        String chunk = "oops \"$sensitive\":\"secret\",\"value\":\"pw\" truncated {";

        String out = nothingRevealed.redactChunk(chunk);

        assertEquals(nothingRevealed.redactWhole(chunk), out);
        assertThat(out).startsWith("{\"$redacted\":\"secret\",\"hash\":\"hmac-sha256:").doesNotContain("pw");
    }

    @Test
    void shouldRedactWholeChunkWhenATagIsCutOffAtTheEnd() {
        String chunk = "{\"ok\":1}\n{\"code\":{\"$sensitive\":\"secret\",\"value\":\"4821\"";

        assertEquals(nothingRevealed.redactWhole(chunk), nothingRevealed.redactChunk(chunk));
    }

    @Test
    void shouldNotLetADuplicateKeyHideATag() throws Exception {
        String chunk = "{\"a\":{\"$sensitive\":\"secret\",\"value\":\"pw\"},\"a\":1}";

        String out = nothingRevealed.redactChunk(chunk);

        // The document does not parse (duplicate key); the tag inside it still does, and is replaced in the text.
        assertEquals("{\"a\":" + redactedTag("secret", "pw") + ",\"a\":1}", out);
    }

    @Test
    void shouldParseA64KiBChunkOfTagsInLinearWork() {
        String chunk = adversarial(64 * 1024);
        ChunkScan scan = new ChunkScan(nothingRevealed, chunk);

        String out = scan.redacted();

        assertThat(out).doesNotContain("\"value\"");
        assertThat(scan.parsedChars()).isLessThanOrEqualTo(2L * chunk.length());
    }

    @Test
    void shouldGiveUpOnNestedOpenBracketsWithinTheWorkBudget() {
        String chunk = "[".repeat(60 * 1024) + "{\"$sensitive\":\"secret\",\"value\":\"pw\"}";
        ChunkScan scan = new ChunkScan(nothingRevealed, chunk);

        String out = scan.redacted();

        assertThat(out).doesNotContain("pw");
        assertThat(scan.parsedChars()).isLessThanOrEqualTo((ChunkScan.FAILED_PARSE_FACTOR + 1L) * chunk.length() + 1024);
    }

    /** What made the old scan quadratic: an unclosed array up front, then thousands of small tags. */
    static String adversarial(int length) {
        StringBuilder chunk = new StringBuilder(length + 64).append('[');
        while (chunk.length() < length) {
            chunk.append("{\"$sensitive\":\"secret\",\"value\":\"").append(chunk.length() % 10_000).append("\"},");
        }
        return chunk.toString();
    }
}
