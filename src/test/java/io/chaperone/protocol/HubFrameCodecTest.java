package io.chaperone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.protocol.Decoded.Invalid;
import io.chaperone.protocol.Decoded.Valid;
import io.chaperone.protocol.InboundFrame.Output;
import io.chaperone.protocol.InboundFrame.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hub frames keep only their documented members; a tag where the gateway does not redact is refused. */
class HubFrameCodecTest {

    private static final String TAG = "{\"$sensitive\":\"secret\",\"value\":\"4821\"}";

    private static ObjectNode relayed(String text) {
        InboundFrame frame = ((Valid<InboundFrame>) FrameCodec.decodeHub(text)).frame();
        return switch (frame) {
            case Result result -> result.raw();
            case Output output -> output.raw();
            default -> throw new AssertionError("not a relayed frame: " + frame);
        };
    }

    private static String refusal(String text) {
        return ((Invalid<InboundFrame>) FrameCodec.decodeHub(text)).code();
    }

    private static List<String> names(ObjectNode node) {
        return node.properties().stream().map(e -> e.getKey()).toList();
    }

    @Test
    void shouldKeepOnlyTheDocumentedMembersOfAResult() {
        ObjectNode result = relayed("{\"type\":\"result\",\"sid\":\"s\",\"id\":\"c-1\",\"ok\":false,\"data\":{\"a\":1},"
                + "\"configChange\":{\"before\":{},\"after\":{}},\"error\":{\"code\":\"x\",\"message\":" + TAG + "},"
                + "\"note\":" + TAG + ",\"debug\":\"4821\"}");

        assertThat(names(result)).containsExactly("type", "sid", "id", "ok", "data", "configChange", "error");
        assertThat(result.toString()).doesNotContain("note").doesNotContain("debug");
    }

    @Test
    void shouldRefuseAResultWhoseContentIsNotAnObject() {
        assertThat(refusal("{\"type\":\"result\",\"sid\":\"s\",\"id\":\"c\",\"ok\":true,\"configChange\":\"4821\"}"))
                .isEqualTo("invalid_field");
        assertThat(refusal("{\"type\":\"result\",\"sid\":\"s\",\"id\":\"c\",\"ok\":false,\"error\":[1]}"))
                .isEqualTo("invalid_field");
        assertThat(refusal("{\"type\":\"result\",\"sid\":\"s\",\"id\":\"c\",\"ok\":true,\"data\":\"4821\"}"))
                .isEqualTo("invalid_field");
    }

    @Test
    void shouldKeepOnlyTheDocumentedMembersOfAnOutput() {
        ObjectNode output = relayed("{\"type\":\"output\",\"sid\":\"s\",\"id\":\"c-1\",\"chunk\":\"line\",\"meta\":" + TAG + "}");

        assertThat(names(output)).containsExactly("type", "sid", "id", "chunk");
    }

    @Test
    void shouldRefuseAnEventThatTagsItsDeviceOrStatus() {
        assertThat(refusal("{\"type\":\"event\",\"device\":\"lock-1\",\"status\":" + quoted(TAG) + "}")).isEqualTo("invalid_field");
        assertThat(refusal("{\"type\":\"event\",\"device\":" + quoted(TAG) + ",\"status\":\"ok\"}")).isEqualTo("invalid_field");
    }

    @Test
    void shouldRefuseAnInventoryThatTagsADeviceField() {
        for (String field : List.of("id", "kind", "model", "firmware", "status")) {
            String device = "{\"id\":\"lock-1\",\"kind\":\"lock\",\"" + field + "\":" + quoted(TAG) + "}";
            assertThat(refusal("{\"type\":\"inventory\",\"devices\":[" + device + "]}")).as(field).isEqualTo("invalid_field");
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\\\"") + "\"";
    }
}
