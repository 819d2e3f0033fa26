package io.chaperone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.protocol.Decoded.Invalid;
import io.chaperone.protocol.Decoded.Valid;
import io.chaperone.protocol.InboundFrame.Command;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A technician's frame read in one streaming pass gives the outcome a tree of the whole frame would (ADR 0040). */
class TechnicianFrameCodecTest {

    private static Command command(String text) {
        return ((Valid<Command>) FrameCodec.decodeTechnician(text)).frame();
    }

    private static Invalid<Command> refusal(String text) {
        return (Invalid<Command>) FrameCodec.decodeTechnician(text);
    }

    @Test
    void shouldReadTheCommandAndSkipEveryOtherMember() {
        Command command = command("{\"note\":{\"deep\":[1,{\"x\":\"y\"}]},\"type\":\"cmd\",\"id\":\"c-1\","
                + "\"device\":\"thermostat-1\",\"op\":\"config.write\",\"args\":{\"target\":21.5,\"mode\":\"h\\u00e9at\"},\"z\":[]}");
        assertThat(command.id()).isEqualTo("c-1");
        assertThat(command.device()).isEqualTo("thermostat-1");
        assertThat(command.op()).isEqualTo("config.write");
        assertThat(command.args().toString()).isEqualTo("{\"target\":21.5,\"mode\":\"héat\"}");
    }

    @Test
    void shouldGiveEmptyArgsWhenAbsentOrNull() {
        assertThat(command("{\"type\":\"cmd\",\"id\":\"c\",\"device\":\"d\",\"op\":\"o\"}").args().isEmpty()).isTrue();
        ObjectNode nullArgs = command("{\"type\":\"cmd\",\"id\":\"c\",\"device\":\"d\",\"op\":\"o\",\"args\":null}").args();
        assertThat(nullArgs.isEmpty()).isTrue();
    }

    @Test
    void shouldLetTheLastOfDuplicateMembersCount() {
        assertThat(command("{\"type\":\"x\",\"type\":\"cmd\",\"id\":\"a\",\"id\":\"b\",\"device\":\"d\",\"op\":\"o\"}").id())
                .isEqualTo("b");
        Invalid<Command> shadowed = refusal("{\"type\":\"cmd\",\"id\":\"c\",\"id\":7,\"device\":\"d\",\"op\":\"o\"}");
        assertThat(shadowed.code()).isEqualTo("invalid_field");
        assertThat(refusal("{\"type\":\"cmd\",\"id\":\"c\",\"device\":\"d\",\"op\":\"o\",\"args\":{},\"args\":[1]}").message())
                .isEqualTo("args must be an object");
    }

    @Test
    void shouldRefuseMalformedFramesWithTheirStableCode() {
        for (String text : new String[] {"", "[]", " {}", "{\"type\":\"cmd\"", "{\"type\":\"cmd\",}", "{\"a\":[1,2}"}) {
            Invalid<Command> invalid = refusal(text);
            assertThat(invalid.code()).as(text).isEqualTo("malformed_frame");
            assertThat(invalid.id()).as(text).isNull();
        }
        assertThat(FrameCodec.decodeTechnician(null)).isInstanceOf(Invalid.class);
    }

    @Test
    void shouldIgnoreWhatFollowsTheClosingBrace() {
        assertThat(command("{\"type\":\"cmd\",\"id\":\"c\",\"device\":\"d\",\"op\":\"o\"} trailing").id()).isEqualTo("c");
    }

    @Test
    void shouldEchoTheIdOfAFrameOfAnotherType() {
        Invalid<Command> invalid = refusal("{\"type\":\"result\",\"id\":\"c-9\"}");
        assertThat(invalid.code()).isEqualTo("unknown_type");
        assertThat(invalid.id()).isEqualTo("c-9");
        assertThat(refusal("{\"type\":{\"cmd\":1},\"id\":\"c-9\"}").code()).isEqualTo("unknown_type");
    }

    @Test
    void shouldRefuseFieldsOfTheWrongTypeOrLength() {
        String longId = "x".repeat(65);
        assertThat(refusal("{\"type\":\"cmd\",\"id\":\"" + longId + "\",\"device\":\"d\",\"op\":\"o\"}").message())
                .isEqualTo("cmd needs a string id of at most 64 characters");
        assertThat(refusal("{\"type\":\"cmd\",\"id\":\"c\",\"device\":[\"d\"],\"op\":\"o\"}").message())
                .isEqualTo("cmd needs a string device");
        Invalid<Command> op = refusal("{\"type\":\"cmd\",\"id\":\"c\",\"device\":\"d\",\"op\":\"\"}");
        assertThat(op.message()).isEqualTo("cmd needs a string op");
        assertThat(op.id()).isEqualTo("c");
        assertThat(refusal("{\"type\":\"cmd\",\"id\":\"c\",\"device\":\"d\",\"op\":\"o\",\"args\":\"x\"}").code())
                .isEqualTo("invalid_field");
    }
}
