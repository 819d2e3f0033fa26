package io.chaperone.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns domain values into JSON trees for frames (rare events, not the per-frame path). */
final class FrameJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameJson() {
    }

    /** Parses JSON text (an audit detail); a missing node for null or unreadable text. */
    static JsonNode parse(String text) {
        if (text == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
