package io.chaperone.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;

/** Builders of the frames the gateway sends, each with {@code type} first. */
public final class OutboundFrames {

    private OutboundFrames() {
    }

    public static String welcome(String hubId) {
        return welcome(hubId, true);
    }

    /** {@code trusted:false}: attestation failed, the hub is quarantined (inventory only, no session). */
    public static String welcome(String hubId, boolean trusted) {
        return write(frame("welcome").put("hubId", hubId).put("trusted", trusted));
    }

    public static String attestChallenge(String nonce) {
        return write(frame("attest.challenge").put("nonce", nonce));
    }

    public static String session(String sid, String state, Instant expiresAt, JsonNode scope, JsonNode devices,
                                 boolean hubOnline) {
        ObjectNode frame = frame("session").put("sid", sid).put("state", state).put("expiresAt", expiresAt.toString());
        frame.set("scope", scope);
        frame.set("devices", devices);
        return write(frame.put("hubOnline", hubOnline));
    }

    public static String sessionOpen(String sid, String capability) {
        return write(frame("session.open").put("sid", sid).put("capability", capability));
    }

    public static String sessionClose(String sid, String reason) {
        return write(frame("session.close").put("sid", sid).put("reason", reason));
    }

    /**
     * The {@code cmd} frame to a hub, written in one pass with no tree of its own (ADR 0040): the same bytes as the
     * tree {@code {type, sid, id, seq, device, op, args}} written by the mapper.
     */
    public static String command(String sid, String id, long seq, String device, String op, ObjectNode args) {
        // The mapper's own recycled text buffer, as writeValueAsString uses it.
        SegmentedStringWriter out = new SegmentedStringWriter(FrameCodec.JSON.getFactory()._getBufferRecycler());
        try {
            try (JsonGenerator json = FrameCodec.JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("type", "cmd");
                json.writeStringField("sid", sid);
                json.writeStringField("id", id);
                json.writeNumberField("seq", seq);
                json.writeStringField("device", device);
                json.writeStringField("op", op);
                json.writeFieldName("args");
                if (args == null) {
                    json.writeNull();
                } else {
                    json.writeTree(args);
                }
                json.writeEndObject();
            }
            return out.getAndClear();
        } catch (IOException e) {
            throw new IllegalStateException("frame cannot be written", e);
        }
    }

    public static String denied(String id, String code, String message, boolean escalatable) {
        ObjectNode frame = frame("denied");
        if (id != null) {
            frame.put("id", id);
        }
        return write(frame.put("code", code).put("message", message).put("escalatable", escalatable));
    }

    public static String error(String code, String message, String id) {
        ObjectNode frame = frame("error");
        if (id != null) {
            frame.put("id", id);
        }
        return write(frame.put("code", code).put("message", message));
    }

    public static String expiring(long inSeconds) {
        return write(frame("expiring").put("inSeconds", inSeconds));
    }

    /** A new frame object with {@code type} as its first member. */
    public static ObjectNode frame(String type) {
        return FrameCodec.JSON.createObjectNode().put("type", type);
    }

    public static String write(JsonNode frame) {
        try {
            return FrameCodec.JSON.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("frame cannot be written", e);
        }
    }
}
