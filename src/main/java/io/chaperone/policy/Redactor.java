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

    private Redactor(EnumSet<DataClass> reveal, ValueMarks marks) {
        this.reveal = reveal;
        this.marks = marks;
    }

    /**
     * @param reveal the classes passed in clear
     * @param key    the session's redaction key (32 to 64 bytes, never shown to the technician); not kept as given
     */
    public static Redactor revealing(Set<DataClass> reveal, byte[] key) {
        return new Redactor(reveal.isEmpty() ? EnumSet.noneOf(DataClass.class) : EnumSet.copyOf(reveal),
                new ValueMarks(key));
    }

    /** Redacts every tag whose class is not revealed. Returns {@code node} itself when nothing changes. */
    public JsonNode redact(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            return node.has(TAG) ? redactTag((ObjectNode) node) : redactMembers((ObjectNode) node);
        }
        if (node.isArray()) {
            return redactElements((ArrayNode) node);
        }
        return node;
    }

    /**
     * Redacts a raw text chunk (e.g. {@code output.chunk} of a log stream, or any other text a hub sends): every
     * JSON document in it, NDJSON, text around embedded tags. See {@link ChunkScan} for the rules.
     */
    public String redactChunk(String chunk) {
        if (chunk == null || !chunk.contains(TAG_MARKER)) {
            return chunk;
        }
        return new ChunkScan(this, chunk).redacted();
    }

    /** The whole text replaced by one {@code secret} marker: what a chunk becomes when it cannot be read safely. */
    String redactWhole(String text) {
        return redacted(DataClass.SECRET, NODES.textNode(text)).toString();
    }

    private JsonNode redactTag(ObjectNode tag) {
        DataClass dataClass = classOf(tag.get(TAG));
        // An unknown class is never revealed: the resident cannot have consented to it.
        if (dataClass == null || !reveal.contains(dataClass)) {
            return redacted(dataClass == null ? DataClass.SECRET : dataClass, tag.get("value"));
        }
        return redactMembers(tag);
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

    private JsonNode redactMembers(ObjectNode object) {
        ObjectNode copy = null;
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode child = field.getValue();
            if (!child.isContainerNode()) {
                continue;
            }
            JsonNode redacted = redact(child);
            if (redacted != child) {
                if (copy == null) {
                    copy = object.deepCopy();
                }
                copy.set(field.getKey(), redacted);
            }
        }
        return copy == null ? object : copy;
    }

    private JsonNode redactElements(ArrayNode array) {
        ArrayNode copy = null;
        for (int i = 0; i < array.size(); i++) {
            JsonNode child = array.get(i);
            if (!child.isContainerNode()) {
                continue;
            }
            JsonNode redacted = redact(child);
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
