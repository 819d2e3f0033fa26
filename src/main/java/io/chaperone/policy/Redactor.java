package io.chaperone.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Hides the sensitive values a hub tagged in its output, unless the resident revealed their class.
 *
 * <p>A tag is any JSON object with a {@code "$sensitive"} member: {@code {"$sensitive":"secret","value":…}}.
 * <ul>
 *   <li>Class not revealed → replaced by {@code {"$redacted":"<class>","hash":"sha256:<hex>"}}. The hash lets
 *       a technician see whether a value changed without seeing it. It is SHA-256 of the value's UTF-8 text for
 *       a string value, of its compact JSON for any other value.</li>
 *   <li>Class revealed → the tag is kept as it is (shape unchanged, so clients still know the value is
 *       sensitive), except that tags nested inside its value are judged on their own.</li>
 *   <li>Unknown or missing class → always redacted, labelled {@code secret} (fail closed), whatever is revealed.</li>
 * </ul>
 * Trees are never modified: {@link #redact(JsonNode)} returns the same node when nothing changed (no copy,
 * no allocation) and otherwise a copy with only the changed branches rebuilt.
 */
public final class Redactor {

    public static final String TAG = "$sensitive";
    public static final String REDACTED = "$redacted";
    private static final String TAG_MARKER = "\"" + TAG + "\"";
    /** How many opening braces before a marker a chunk scan tries before giving up (fail closed). */
    private static final int MAX_TAG_START_ATTEMPTS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private final EnumSet<DataClass> reveal;

    private Redactor(EnumSet<DataClass> reveal) {
        this.reveal = reveal;
    }

    public static Redactor revealing(Set<DataClass> reveal) {
        return new Redactor(reveal.isEmpty() ? EnumSet.noneOf(DataClass.class) : EnumSet.copyOf(reveal));
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

    private static ObjectNode redacted(DataClass dataClass, JsonNode value) {
        ObjectNode out = NODES.objectNode();
        out.put(REDACTED, dataClass.wireName());
        out.put("hash", "sha256:" + HEX.formatHex(sha256(value)));
        return out;
    }

    private static byte[] sha256(JsonNode value) {
        String text = value == null ? "null" : value.isTextual() ? value.textValue() : value.toString();
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
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

    /**
     * Redacts a raw text chunk (e.g. {@code output.chunk} of a log stream). A chunk without the tag marker is
     * returned as it is. A chunk that is a whole JSON document is redacted as a tree; otherwise every tag
     * object embedded in the text is replaced in place. If a marker cannot be matched to a well-formed tag,
     * the whole chunk is replaced by one {@code secret} redaction: better an unreadable log line than a leak.
     */
    public String redactChunk(String chunk) {
        if (chunk == null || !chunk.contains(TAG_MARKER)) {
            return chunk;
        }
        String trimmed = chunk.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode tree = JSON.readTree(trimmed);
                JsonNode redacted = redact(tree);
                return redacted == tree ? chunk : redacted.toString();
            } catch (JsonProcessingException notWholeJson) {
                // fall through: text that merely starts with a brace
            }
        }
        return redactEmbedded(chunk);
    }

    private String redactEmbedded(String chunk) {
        StringBuilder out = new StringBuilder(chunk.length());
        int copied = 0;
        int marker = chunk.indexOf(TAG_MARKER);
        while (marker >= 0) {
            int[] span = findTag(chunk, copied, marker);
            if (span == null) {
                return redactWhole(chunk);
            }
            JsonNode tag = parseObject(chunk, span[0], span[1]);
            out.append(chunk, copied, span[0]).append(redact(tag).toString());
            copied = span[1];
            marker = chunk.indexOf(TAG_MARKER, copied);
        }
        return out.append(chunk, copied, chunk.length()).toString();
    }

    /** The [start, end) of the tag object that owns the marker at {@code marker}, or null. */
    private static int[] findTag(String chunk, int from, int marker) {
        int start = chunk.lastIndexOf('{', marker);
        for (int attempt = 0; attempt < MAX_TAG_START_ATTEMPTS && start >= from; attempt++) {
            int end = objectEnd(chunk, start);
            if (end > marker) {
                JsonNode parsed = parseObject(chunk, start, end);
                if (parsed != null && parsed.has(TAG)) {
                    return new int[] {start, end};
                }
            }
            start = start == 0 ? -1 : chunk.lastIndexOf('{', start - 1);
        }
        return null;
    }

    /** End (exclusive) of the JSON object starting at {@code start}, or -1 when none parses there. */
    private static int objectEnd(String chunk, int start) {
        try (JsonParser parser = JSON.getFactory().createParser(chunk.substring(start))) {
            parser.nextToken();
            parser.skipChildren();
            return start + (int) parser.currentLocation().getCharOffset();
        } catch (IOException e) {
            return -1;
        }
    }

    private static JsonNode parseObject(String chunk, int start, int end) {
        try {
            JsonNode node = JSON.readTree(chunk.substring(start, end));
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String redactWhole(String chunk) {
        return redacted(DataClass.SECRET, NODES.textNode(chunk)).toString();
    }
}
