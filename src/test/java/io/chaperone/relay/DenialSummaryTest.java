package io.chaperone.relay;

import io.chaperone.audit.AuditRows;
import io.chaperone.audit.AuditRows.Stored;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Denials beyond the per-window row bound go into one summary row with their count: nothing lost, one row. */
@QuarkusTest
@TestProfile(DenialSummaryTest.ThreeRowsPerWindow.class)
class DenialSummaryTest {

    /** A high abuse limit, so the row bound is what the test meets. */
    public static class ThreeRowsPerWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chaperone.relay.abuse-limit", "100", "chaperone.relay.denied-rows-per-window", "3");
        }
    }

    @Inject
    RelayWorld world;
    @Inject
    AuditRows rows;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldWriteThreeDenialRowsAndOneSummaryOfTheOtherSevenWhenTheSocketCloses() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        for (int i = 0; i < 10; i++) {
            technician.sendCommand("c-" + i, "thermostat-1", "config.write");
        }
        await().until(() -> technician.frames("denied").size() == 10);

        technician.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> denials(sid).size() == 4);
        List<Stored> denials = denials(sid);
        assertThat(denials).extracting(Stored::correlationId).containsExactly("c-0", "c-1", "c-2", null);
        assertThat(denials.subList(0, 3)).extracting(Stored::outcome).containsOnly("denied:out_of_scope");
        Stored summary = denials.get(3);
        assertThat(summary.outcome()).isEqualTo("denied:aggregated");
        assertThat(new JsonObject(summary.detail()).getInteger("count")).isEqualTo(7);
        assertThat(home.hub().agent().receivedCommands()).isEmpty();
    }

    private List<Stored> denials(UUID sid) {
        return rows.of(sid).stream().filter(r -> "command.denied".equals(r.kind())).toList();
    }
}
