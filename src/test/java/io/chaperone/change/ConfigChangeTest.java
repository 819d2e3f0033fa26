package io.chaperone.change;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Every configChange a hub reports is stored per setting, sealed, and shown to the resident. */
@QuarkusTest
class ConfigChangeTest {

    @Inject
    RelayWorld world;
    @Inject
    ConfigChanges changes;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    @Test
    void shouldStoreEachChangedSettingSealedAndShowItsValuesToTheResidentOnly() {
        Home home = world.home(List.of("config.read", "config.write"), 600);
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1", "lock-1"), List.of("config.write"))), List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));

        technician.send(new JsonObject().put("type", "cmd").put("id", "c-1").put("device", "thermostat-1")
                .put("op", "config.write").put("args", new JsonObject().put("setpoint", 23).put("mode", "heat")));
        technician.awaitReply("result", "c-1");
        technician.send(new JsonObject().put("type", "cmd").put("id", "c-2").put("device", "lock-1")
                .put("op", "config.write").put("args", new JsonObject().put("keypadCode", "9999")));
        technician.awaitReply("result", "c-2");

        await().atMost(Duration.ofSeconds(10)).until(() -> world.count("SELECT count(*) FROM config_changes WHERE session_id = $1", sid) == 2);
        // mode was written with its current value: not a change. The values are sealed, never in clear.
        // (the ciphertext is base64 after the key reference: no JSON of the values survives in it)
        assertThat(world.count("SELECT count(*) FROM config_changes WHERE session_id = $1 AND before_value LIKE 'enc:v1:s-' || $1::text || ':%' "
                + "AND after_value LIKE 'enc:v1:s-' || $1::text || ':%' AND before_value NOT LIKE '%{%' AND after_value NOT LIKE '%\"%'", sid))
                .isEqualTo(2);
        given().auth().oauth2(world.residentToken(home)).get("/api/v1/sessions/{id}/changes", sid).then().statusCode(200)
                .body("", hasSize(2))
                .body("device", contains("thermostat-1", "lock-1"))
                .body("setting", contains("setpoint", "keypadCode"))
                .body("commandId", contains("c-1", "c-2"))
                .body("[0].before", equalTo(21.5f))
                .body("[0].after", equalTo(23))
                .body("[1].before.'$sensitive'", equalTo("secret"))
                .body("[1].before.value", equalTo("4821"))
                .body("[1].after.value", equalTo("9999"))
                .body("persistence", contains("pending", "pending"));
        given().auth().oauth2(world.technicianToken(home)).get("/api/v1/sessions/{id}/changes", sid).then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].before", nullValue())
                .body("[1].after", nullValue())
                .body("setting", contains("setpoint", "keypadCode"));
        assertThat(changes.idle()).isTrue();
    }
}
