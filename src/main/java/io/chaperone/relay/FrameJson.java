package io.chaperone.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns domain values into JSON trees for frames (rare events, not the per-frame path). */
final class FrameJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FrameJson() {
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
