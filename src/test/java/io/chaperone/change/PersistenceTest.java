package io.chaperone.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The read-back verdicts: newest change per setting judged, older ones superseded, unread devices unknown. */
class PersistenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID SESSION = UUID.randomUUID();

    private static StoredChange change(long seq, String device, String setting) {
        return new StoredChange(seq, UUID.randomUUID(), SESSION, UUID.randomUUID(), UUID.randomUUID(), device, setting,
                "c-" + seq, "x", "y", Instant.EPOCH, "pending", null, null, null, null);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void shouldJudgeTheNewestChangeOfEachSettingAgainstWhatTheDeviceHoldsNow() throws Exception {
        List<StoredChange> changes = List.of(change(1, "thermostat-1", "setpoint"), change(2, "thermostat-1", "mode"),
                change(3, "thermostat-1", "setpoint"), change(4, "lock-1", "autoLockSeconds"));
        List<JsonNode> after = List.of(json("22"), json("\"cool\""), json("23"), json("60"));
        Map<String, JsonNode> readBack = Map.of("thermostat-1", json("{\"setpoint\":23.0,\"mode\":\"heat\"}"));

        List<Persistence.Verdict> verdicts = Persistence.judge(changes, after, readBack);

        assertThat(verdicts).extracting(Persistence.Verdict::persistence)
                .containsExactly("superseded", "reverted", "persisted", "unknown");
    }

    @Test
    void shouldCompareTaggedValuesExactly() throws Exception {
        List<StoredChange> changes = List.of(change(1, "lock-1", "keypadCode"));
        JsonNode tagged = json("{\"$sensitive\":\"secret\",\"value\":\"9999\"}");

        assertThat(Persistence.judge(changes, List.of(tagged), Map.of("lock-1", json("{\"keypadCode\":"
                + "{\"$sensitive\":\"secret\",\"value\":\"9999\"}}")))).extracting(Persistence.Verdict::persistence)
                .containsExactly("persisted");
        assertThat(Persistence.judge(changes, List.of(tagged), Map.of("lock-1", json("{\"keypadCode\":"
                + "{\"$sensitive\":\"secret\",\"value\":\"4821\"}}")))).extracting(Persistence.Verdict::persistence)
                .containsExactly("reverted");
    }
}
