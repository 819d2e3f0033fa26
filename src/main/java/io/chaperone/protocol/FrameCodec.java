package io.chaperone.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.policy.Redactor;
import io.chaperone.protocol.Decoded.Invalid;
import io.chaperone.protocol.Decoded.Valid;
import io.chaperone.protocol.InboundFrame.Command;
import io.chaperone.protocol.InboundFrame.DeviceEvent;
import io.chaperone.protocol.InboundFrame.DeviceInfo;
import io.chaperone.protocol.InboundFrame.Inventory;
import io.chaperone.protocol.InboundFrame.Output;
import io.chaperone.protocol.InboundFrame.Result;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decodes the v1 text frames of both legs with strict validation: a frame is one JSON object whose
 * {@code type} is known for that leg and whose fields have the documented types. Nothing here
 * throws for bad input; every failure is an {@link Invalid} with a stable code.
 */
public final class FrameCodec {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_ID_LENGTH = 64;
    static final int MAX_DEVICES = 256;
    /** The members of a result that may carry (tagged) content; each is redacted before it leaves the gateway. */
    public static final List<String> RESULT_CONTENT = List.of("data", "configChange", "error");
    /** Everything a result or output keeps (in place, no copy); any other member is dropped. */
    private static final Set<String> RESULT_FIELDS = Set.of("type", "sid", "id", "ok", "data", "configChange", "error");
    private static final Set<String> OUTPUT_FIELDS = Set.of("type", "sid", "id", "chunk");
    private static final String UNREDACTED_FIELD =
            "sensitive values may only be tagged in result data, configChange, error and output chunk";

    private FrameCodec() {
    }

    /**
     * Technician leg: only {@code cmd} frames are accepted from a technician. Read in one streaming pass that keeps
     * only what the gate needs (type, id, device, op as strings, {@code args} as a tree) and skips every other member
     * (ADR 0040); the outcome is the one a tree of the whole frame would give: the last of duplicate members counts,
     * a malformed frame is {@code malformed_frame}, anything after the frame's closing brace is ignored.
     */
    public static Decoded<Command> decodeTechnician(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != '{') {
            return malformed();
        }
        String type = null;
        String id = null;
        String device = null;
        String op = null;
        JsonNode args = null;
        try (JsonParser parser = JSON.createParser(text)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> type = stringValue(parser, value);
                    case "id" -> id = stringValue(parser, value);
                    case "device" -> device = stringValue(parser, value);
                    case "op" -> op = stringValue(parser, value);
                    case "args" -> args = parser.readValueAsTree();
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return malformed();
        }
        id = bounded(id);
        if (!"cmd".equals(type)) {
            return new Invalid<>("unknown_type", "technicians may only send frames of type cmd", id);
        }
        if (id == null || id.isEmpty()) {
            return new Invalid<>("invalid_field", "cmd needs a string id of at most 64 characters", null);
        }
        device = bounded(device);
        if (device == null || device.isEmpty()) {
            return new Invalid<>("invalid_field", "cmd needs a string device", id);
        }
        op = bounded(op);
        if (op == null || op.isEmpty()) {
            return new Invalid<>("invalid_field", "cmd needs a string op", id);
        }
        if (args != null && !args.isNull() && !args.isObject()) {
            return new Invalid<>("invalid_field", "args must be an object", id);
        }
        ObjectNode argsObject = args instanceof ObjectNode o ? o : JSON.createObjectNode();
        return new Valid<>(new Command(id, device, op, argsObject));
    }

    private static <F extends InboundFrame> Decoded<F> malformed() {
        return new Invalid<>("malformed_frame", "a frame must be one JSON object", null);
    }

    /** The member's text when it is a JSON string, else null (a container is skipped whole). */
    private static String stringValue(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static String bounded(String value) {
        return value != null && value.length() <= MAX_ID_LENGTH ? value : null;
    }

    /**
     * Hub leg: inventory, result, output and event frames. A result or output keeps only its documented members
     * (anything else the hub adds is dropped here, so it can reach neither a technician nor the audit);
     * docs/protocol.md lists every field and what happens to it.
     */
    public static Decoded<InboundFrame> decodeHub(String text) {
        ObjectNode json = parse(text);
        if (json == null) {
            return malformed();
        }
        String type = text(json, "type");
        if (type == null) {
            return new Invalid<>("unknown_type", "a frame needs a string type", null);
        }
        return switch (type) {
            case "inventory" -> inventory(json);
            case "result" -> result(json);
            case "output" -> output(json);
            case "event" -> event(json);
            case "attest.evidence" -> evidence(json);
            default -> new Invalid<>("unknown_type", "unknown frame type", null);
        };
    }

    private static Decoded<InboundFrame> inventory(ObjectNode json) {
        if (!(json.get("devices") instanceof ArrayNode array) || array.size() > MAX_DEVICES) {
            return new Invalid<>("invalid_field", "inventory needs a devices array of at most 256 entries", null);
        }
        List<DeviceInfo> devices = new ArrayList<>(array.size());
        for (JsonNode entry : array) {
            if (!(entry instanceof ObjectNode device)) {
                return new Invalid<>("invalid_field", "each device must be an object", null);
            }
            String id = boundedString(device, "id");
            String kind = boundedString(device, "kind");
            if (id == null || id.isEmpty() || kind == null || kind.isEmpty()) {
                return new Invalid<>("invalid_field", "each device needs a string id and kind", null);
            }
            DeviceInfo info = new DeviceInfo(id, kind, boundedString(device, "model"), boundedString(device, "firmware"),
                    boundedString(device, "status"));
            if (tagged(info.id()) || tagged(info.kind()) || tagged(info.model()) || tagged(info.firmware())
                    || tagged(info.status())) {
                return new Invalid<>("invalid_field", UNREDACTED_FIELD, null);
            }
            devices.add(info);
        }
        return new Valid<>(new Inventory(List.copyOf(devices)));
    }

    private static Decoded<InboundFrame> result(ObjectNode json) {
        String sid = boundedString(json, "sid");
        String id = boundedString(json, "id");
        JsonNode ok = json.get("ok");
        if (sid == null || id == null || ok == null || !ok.isBoolean()) {
            return new Invalid<>("invalid_field", "result needs string sid and id and a boolean ok", id);
        }
        for (String field : RESULT_CONTENT) {
            JsonNode value = json.get(field);
            if (value != null && !value.isNull() && !value.isObject()) {
                return new Invalid<>("invalid_field", "result " + field + " must be an object", id);
            }
        }
        return new Valid<>(new Result(sid, id, ok.booleanValue(), json.retain(RESULT_FIELDS)));
    }

    private static Decoded<InboundFrame> output(ObjectNode json) {
        String sid = boundedString(json, "sid");
        String id = boundedString(json, "id");
        JsonNode chunk = json.get("chunk");
        if (sid == null || id == null || chunk == null || !chunk.isTextual()) {
            return new Invalid<>("invalid_field", "output needs string sid, id and chunk", id);
        }
        return new Valid<>(new Output(sid, id, json.retain(OUTPUT_FIELDS)));
    }

    private static Decoded<InboundFrame> event(ObjectNode json) {
        String device = boundedString(json, "device");
        String status = boundedString(json, "status");
        if (device == null || status == null) {
            return new Invalid<>("invalid_field", "event needs string device and status", null);
        }
        if (tagged(device) || tagged(status)) {
            return new Invalid<>("invalid_field", UNREDACTED_FIELD, null);
        }
        return new Valid<>(new DeviceEvent(device, status, json));
    }

    private static final int MAX_MEASUREMENTS = 32;
    private static final int MAX_EVIDENCE_TEXT = 256;

    private static Decoded<InboundFrame> evidence(ObjectNode json) {
        String nonce = text(json, "nonce");
        String firmware = boundedString(json, "firmware");
        String sig = text(json, "sig");
        if (nonce == null || nonce.length() > MAX_EVIDENCE_TEXT || firmware == null || sig == null
                || sig.length() > MAX_EVIDENCE_TEXT || !(json.get("measurements") instanceof ObjectNode measured)
                || measured.size() > MAX_MEASUREMENTS) {
            return new Invalid<>("invalid_field",
                    "attest.evidence needs string nonce, firmware, sig and a measurements object", null);
        }
        java.util.Map<String, String> measurements = new java.util.LinkedHashMap<>();
        for (var entry : measured.properties()) {
            if (!entry.getValue().isTextual() || entry.getKey().length() > MAX_ID_LENGTH
                    || entry.getValue().textValue().length() > MAX_EVIDENCE_TEXT) {
                return new Invalid<>("invalid_field", "each measurement must be a short string", null);
            }
            measurements.put(entry.getKey(), entry.getValue().textValue());
        }
        return new Valid<>(new InboundFrame.Evidence(nonce, firmware, java.util.Map.copyOf(measurements), sig));
    }

    private static ObjectNode parse(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != '{') {
            return null;
        }
        try {
            return JSON.readTree(text) instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Whether a field the gateway passes on unredacted names the tag (such a frame is refused, never relayed). */
    private static boolean tagged(String value) {
        return value != null && value.contains(Redactor.TAG);
    }

    private static String text(ObjectNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static String boundedString(ObjectNode json, String field) {
        return bounded(text(json, field));
    }
}
