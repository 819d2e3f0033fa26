package io.chaperone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The streamed {@code cmd} frame is byte for byte what the mapper writes for the same tree (docs/protocol.md). */
class OutboundFramesTest {

    private static String asTree(String sid, String id, long seq, String device, String op, ObjectNode args) {
        ObjectNode frame = OutboundFrames.frame("cmd").put("sid", sid).put("id", id).put("seq", seq).put("device", device)
                .put("op", op);
        frame.set("args", args);
        return OutboundFrames.write(frame);
    }

    @Test
    void shouldWriteTheCommandFrameAsTheMapperWouldItsTree() throws Exception {
        ObjectNode args = (ObjectNode) FrameCodec.JSON.readTree(
                "{\"ssid\":\"caf\\u00e9 \\\"home\\\"\\n\",\"n\":-12.50,\"big\":123456789012345678901234567890,"
                        + "\"list\":[true,null,{\"e\":{}},[]],\"ctl\":\"\\u0001\\t\",\"emoji\":\"\\ud83d\\ude00\"}");
        String streamed = OutboundFrames.command("0b0e8a3c-5d55-4c6f-8d2e-1f2a3b4c5d6e", "c-17", 42, "thermostat-1",
                "config.write", args);
        assertThat(streamed).isEqualTo(asTree("0b0e8a3c-5d55-4c6f-8d2e-1f2a3b4c5d6e", "c-17", 42, "thermostat-1",
                "config.write", args));
        assertThat(streamed).startsWith("{\"type\":\"cmd\",\"sid\":\"0b0e8a3c-5d55-4c6f-8d2e-1f2a3b4c5d6e\",\"id\":\"c-17\","
                + "\"seq\":42,\"device\":\"thermostat-1\",\"op\":\"config.write\",\"args\":{\"ssid\":\"café \\\"home\\\"\\n\"");
    }

    @Test
    void shouldWriteEmptyAndMissingArgsAsTheTreeDid() {
        assertThat(OutboundFrames.command("s", "c", 1, "d", "o", FrameCodec.JSON.createObjectNode()))
                .isEqualTo("{\"type\":\"cmd\",\"sid\":\"s\",\"id\":\"c\",\"seq\":1,\"device\":\"d\",\"op\":\"o\",\"args\":{}}");
        assertThat(OutboundFrames.command("s", "c", 1, "d", "o", null)).isEqualTo(asTree("s", "c", 1, "d", "o", null));
    }
}
