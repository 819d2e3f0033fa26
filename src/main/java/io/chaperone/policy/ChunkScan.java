package io.chaperone.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * One left-to-right pass over a text chunk that carries the tag marker, in time linear in its length.
 *
 * <ul>
 *   <li>Every JSON object or array found in the text (a whole document, each line of NDJSON, {@code [1] {…}},
 *       a tag embedded in a log line) is parsed once and redacted as a tree; a value that changed is written
 *       back compact in its place, everything else is copied verbatim. Nothing is dropped.</li>
 *   <li>A marker in text that is not part of a parsed JSON value (a truncated or malformed tag, a bare
 *       {@code "$sensitive"}) → the whole chunk becomes one {@code secret} marker: an unreadable line, not a leak.</li>
 *   <li>Failed parse attempts (text that merely starts with a brace) may read at most {@value #FAILED_PARSE_FACTOR}×
 *       the chunk's length in total; beyond that the whole chunk becomes one {@code secret} marker. Successful
 *       parses never overlap, so the total work is bounded by ({@value #FAILED_PARSE_FACTOR} + 1) × length.</li>
 * </ul>
 * Duplicate keys make a value unparseable (a duplicate could otherwise hide a tag from the tree).
 */
final class ChunkScan {

    static final int FAILED_PARSE_FACTOR = 4;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Redactor redactor;
    private final String chunk;
    private final char[] chars;
    private final long failedBudget;
    private long parsedChars;
    private long failedChars;
    /** The length of the value {@link #valueAt} returned last. */
    private int lastLength;

    ChunkScan(Redactor redactor, String chunk) {
        this.redactor = redactor;
        this.chunk = chunk;
        this.chars = chunk.toCharArray();
        this.failedBudget = (long) FAILED_PARSE_FACTOR * chars.length;
    }

    /** The redacted chunk; the chunk itself when nothing in it needed hiding. */
    String redacted() {
        StringBuilder out = null;
        int copied = 0;
        int marker = chunk.indexOf(Redactor.TAG_MARKER);
        int at = 0;
        while (marker >= 0 && at < chars.length) {
            char c = chars[at];
            if (c != '{' && c != '[') {
                if (at == marker) {
                    return redactor.redactWhole(chunk); // a marker outside every JSON value
                }
                at++;
                continue;
            }
            JsonNode value = valueAt(at);
            if (value == null) {
                if (failedChars > failedBudget) {
                    return redactor.redactWhole(chunk);
                }
                at++;
                continue;
            }
            int end = at + lastLength;
            JsonNode redacted = redactor.redact(value, RedactionTally.Place.CHUNK);
            if (redacted != value) {
                out = out == null ? new StringBuilder(chars.length + 64) : out;
                out.append(chars, copied, at - copied).append(redacted.toString());
                copied = end;
            }
            at = end;
            if (marker < at) {
                marker = chunk.indexOf(Redactor.TAG_MARKER, at);
            }
        }
        // No marker left ahead: no value from here on can hold a tag.
        if (out == null) {
            return chunk;
        }
        return out.append(chars, copied, chars.length - copied).toString();
    }

    /** Characters the parser read so far, in successful and failed attempts alike (the work done). */
    long parsedChars() {
        return parsedChars;
    }

    /** The JSON value starting at {@code start} (its length in {@link #lastLength}), or null when none parses there. */
    private JsonNode valueAt(int start) {
        try (JsonParser parser = JSON.createParser(chars, start, chars.length - start)) {
            parser.nextToken();
            JsonNode value = JSON.readTree(parser);
            lastLength = (int) parser.currentLocation().getCharOffset();
            parsedChars += lastLength;
            return value;
        } catch (JsonProcessingException e) {
            long read = e.getLocation() == null || e.getLocation().getCharOffset() < 0 ? chars.length - start
                    : e.getLocation().getCharOffset();
            parsedChars += read;
            failedChars += read;
            return null;
        } catch (IOException e) {
            failedChars = failedBudget + 1; // not expected from a char array; fail closed
            return null;
        }
    }
}
