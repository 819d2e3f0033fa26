package io.chaperone.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Hides the sensitive values a hub tagged in its output, unless the resident revealed their class. One per
 * session grant: its markers are keyed by the session's redaction key (docs/adr/0006-keyed-redaction-markers.md).
 *
 * <p>A tag is any JSON object with a {@code "$sensitive"} member: {@code {"$sensitive":"secret","value":…}}.
 * <ul>
 *   <li>Class not revealed → replaced by {@code {"$redacted":"<class>","hash":"hmac-sha256:<hex>"}}: HMAC-SHA-256,
 *       under the session's key, of the value's compact JSON. It lets a technician see whether a value changed
 *       within the session without seeing it, and cannot be reversed or linked across sessions without the key.</li>
 *   <li>Class revealed → the tag is kept as it is (shape unchanged, so clients still know the value is
 *       sensitive), except that tags nested inside its value are judged on their own.</li>
 *   <li>Unknown or missing class → always redacted, labelled {@code secret} (fail closed), whatever is revealed.</li>
 * </ul>
 * Trees are never modified: {@link #redact(JsonNode)} returns the same node when nothing changed (no copy,
 * no allocation) and otherwise a copy with only the changed branches rebuilt. Thread-safe.
 */
public final class Redactor {

    public static final String TAG = "$sensitive";
    public static final String REDACTED = "$redacted";
    static final String TAG_MARKER = "\"" + TAG + "\"";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EnumSet<DataClass> reveal;
    private final ValueMarks marks;
    private final RedactionTally tally;

    private Redactor(EnumSet<DataClass> reveal, ValueMarks marks, RedactionTally tally) {
        this.reveal = reveal;
        this.marks = marks;
        this.tally = tally;
    }

    /**
     * @param reveal the classes passed in clear
     * @param key    the session's redaction key (32 to 64 bytes, never shown to the technician); not kept as given
     */
    public static Redactor revealing(Set<DataClass> reveal, byte[] key) {
        return revealing(reveal, key, new RedactionTally());
    }

    /** As {@link #revealing(Set, byte[])}, counting into the session's ledger {@code tally} (kept across reconnects). */
    public static Redactor revealing(Set<DataClass> reveal, byte[] key, RedactionTally tally) {
        return new Redactor(copy(reveal), new ValueMarks(key), tally);
    }

    /** The same session's redactor (key, ledger) for another reveal set: the resident revealed or hid a class. */
    public Redactor withReveal(Set<DataClass> next) {
        return new Redactor(copy(next), marks, tally);
    }

    public RedactionTally tally() { return tally; }

    private static EnumSet<DataClass> copy(Set<DataClass> reveal) {
        return reveal.isEmpty() ? EnumSet.noneOf(DataClass.class) : EnumSet.copyOf(reveal);
    }

    /**
     * What a result's content becomes for the technician: tagged values redacted (counted), then the pattern safety
     * net over its text values and over members with secret names ({@link SecretPatterns}).
     */
    public JsonNode redactResult(JsonNode node) {
        JsonNode tagged = redact(node, RedactionTally.Place.RESULT);
        return tagged == null ? null : net(tagged, RedactionTally.Place.RESULT);
    }

    /** Redacts every tag whose class is not revealed. Returns {@code node} itself when nothing changes. */
    public JsonNode redact(JsonNode node) {
        return redact(node, null);
    }

    /** As {@link #redact(JsonNode)}, counting each redacted tag at {@code place} (null: not counted). */
    JsonNode redact(JsonNode node, RedactionTally.Place place) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            return node.has(TAG) ? redactTag((ObjectNode) node, place) : redactMembers((ObjectNode) node, place);
        }
        if (node.isArray()) {
            return redactElements((ArrayNode) node, place);
        }
        return node;
    }

    /**
     * Redacts a raw text chunk (e.g. {@code output.chunk} of a log stream, or any other text a hub sends): every
     * JSON document in it, NDJSON, text around embedded tags. See {@link ChunkScan} for the rules.
     */
    public String redactChunk(String chunk) {
        if (chunk == null) {
            return null;
        }
        String tagged = chunk.contains(TAG_MARKER) ? new ChunkScan(this, chunk).redacted() : chunk;
        return SecretPatterns.mask(tagged, reveal, marks, tally, RedactionTally.Place.CHUNK);
    }

    /** The pattern net over a tree's text values and secret-named members; {@code node} itself when unchanged. */
    private JsonNode net(JsonNode node, RedactionTally.Place place) {
        if (node.isTextual()) {
            String text = node.textValue();
            String masked = SecretPatterns.mask(text, reveal, marks, tally, place);
            return masked == text ? node : NODES.textNode(masked);
        }
        if (node.isObject()) {
            if (node.has(REDACTED) || node.has(TAG)) {
                return node; // a marker, or a revealed tag: the resident decided about this value
            }
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode child = field.getValue();
                JsonNode next;
                if (child.isValueNode() && !child.isNull() && !reveal.contains(DataClass.SECRET)
                        && SecretPatterns.secretName(field.getKey()) && !child.asText().startsWith("[redacted:")) {
                    tally.count(DataClass.SECRET, place, RedactionTally.Rule.PATTERN);
                    next = NODES.textNode(SecretPatterns.masked(DataClass.SECRET, child.toString(), marks));
                } else {
                    next = net(child, place);
                }
                if (next != child) {
                    copy = copy == null ? ((ObjectNode) node).deepCopy() : copy;
                    copy.set(field.getKey(), next);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode child = node.get(i);
                JsonNode next = net(child, place);
                if (next != child) {
                    copy = copy == null ? ((ArrayNode) node).deepCopy() : copy;
                    copy.set(i, next);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    /** The whole text replaced by one {@code secret} marker: what a chunk becomes when it cannot be read safely. */
    String redactWhole(String text) {
        return redacted(DataClass.SECRET, NODES.textNode(text)).toString();
    }

    private JsonNode redactTag(ObjectNode tag, RedactionTally.Place place) {
        DataClass dataClass = classOf(tag.get(TAG));
        // An unknown class is never revealed: the resident cannot have consented to it.
        if (dataClass == null || !reveal.contains(dataClass)) {
            DataClass shown = dataClass == null ? DataClass.SECRET : dataClass;
            if (place != null) {
                tally.count(shown, place, RedactionTally.Rule.TAGGED);
            }
            return redacted(shown, tag.get("value"));
        }
        return redactMembers(tag, place);
    }

    private static DataClass classOf(JsonNode name) {
        return name != null && name.isTextual() ? DataClass.fromWire(name.textValue()).orElse(null) : null;
    }

    private ObjectNode redacted(DataClass dataClass, JsonNode value) {
        ObjectNode out = NODES.objectNode();
        out.put(REDACTED, dataClass.wireName());
        // Compact JSON, so the string "7" and the number 7 are different values.
        out.put("hash", marks.mark(value == null ? "null" : value.toString()));
        return out;
    }

    private JsonNode redactMembers(ObjectNode object, RedactionTally.Place place) {
        ObjectNode copy = null;
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode child = field.getValue();
            if (!child.isContainerNode()) {
                continue;
            }
            JsonNode redacted = redact(child, place);
            if (redacted != child) {
                if (copy == null) {
                    copy = object.deepCopy();
                }
                copy.set(field.getKey(), redacted);
            }
        }
        return copy == null ? object : copy;
    }

    private JsonNode redactElements(ArrayNode array, RedactionTally.Place place) {
        ArrayNode copy = null;
        for (int i = 0; i < array.size(); i++) {
            JsonNode child = array.get(i);
            if (!child.isContainerNode()) {
                continue;
            }
            JsonNode redacted = redact(child, place);
            if (redacted != child) {
                if (copy == null) {
                    copy = array.deepCopy();
                }
                copy.set(i, redacted);
            }
        }
        return copy == null ? array : copy;
    }
}
