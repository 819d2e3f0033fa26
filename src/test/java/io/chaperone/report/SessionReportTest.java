package io.chaperone.report;

import io.chaperone.relay.RelayWorld;
import io.chaperone.relay.RelayWorld.Home;
import io.chaperone.support.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.chaperone.relay.RelayWorld.grant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The report of a scripted session, field by field; its HTML; and a report edited in the database. */
@QuarkusTest
class SessionReportTest {

    @Inject
    RelayWorld world;
    @Inject
    Pool pool;

    @AfterEach
    void cleanUp() {
        world.closeAll();
    }

    /** A session with one read, one write, one refused command, revoked by the resident; returns its id. */
    private UUID scripted(Home home) {
        UUID sid = world.approvedSession(home, List.of(grant(List.of("thermostat-1"), List.of("diag.read", "config.write"))),
                List.of());
        WsClient technician = world.technician(home, sid);
        technician.await(f -> "session".equals(f.getString("type")));
        technician.sendCommand("c-1", "thermostat-1", "diag.read");
        technician.awaitReply("result", "c-1");
        technician.send(new JsonObject().put("type", "cmd").put("id", "c-2").put("device", "thermostat-1")
                .put("op", "config.write").put("args", new JsonObject().put("setpoint", 23)));
        technician.awaitReply("result", "c-2");
        technician.sendCommand("c-3", "lock-1", "diag.read");
        technician.awaitReply("denied", "c-3");
        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(
                "SELECT count(*) FROM audit_events WHERE chain_id = $1 AND kind = 'command.denied'", sid) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> world.count(
                "SELECT count(*) FROM config_changes WHERE session_id = $1", sid) == 1);
        given().auth().oauth2(world.residentToken(home)).post("/api/v1/sessions/{id}/revoke", sid).then().statusCode(200);
        assertThat(technician.awaitClose()).isEqualTo(4002);
        await().atMost(Duration.ofSeconds(30)).until(() -> world.count(
                "SELECT count(*) FROM session_reports WHERE session_id = $1", sid) == 1);
        return sid;
    }

    @Test
    void shouldReportAScriptedSessionFieldByField() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        UUID sid = scripted(home);

        String body = given().auth().oauth2(world.residentToken(home)).accept("application/json")
                .get("/api/v1/sessions/{id}/report", sid).then().statusCode(200)
                .header(ReportResource.VERIFIED_HEADER, "true").extract().asString();
        JsonPath r = JsonPath.from(body);

        assertThat(r.getString("schema")).isEqualTo("chaperone.session-report/1");
        assertThat(r.getInt("version")).isEqualTo(1);
        assertThat(r.getString("sessionId")).isEqualTo(sid.toString());
        assertThat(r.getString("state")).isEqualTo("revoked");
        assertThat(r.getString("endReason")).isEqualTo("revoked by resident");
        assertThat(r.getString("closed.cause")).isEqualTo("revoked");
        assertThat(r.getInt("closed.code")).isEqualTo(4002);
        assertThat(r.getString("closed.explanation")).isEqualTo("You revoked the technician's access.");
        assertThat(r.getString("ticket.id")).isEqualTo(home.ticketId().toString());
        assertThat(r.getString("ticket.summary")).isEqualTo("help");
        assertThat(r.getString("ticket.state")).isEqualTo("open");
        assertThat(r.getString("technician.provider")).isEqualTo(home.org());
        assertThat(r.getString("template.id")).isEqualTo(home.templateId().toString());
        assertThat(r.getString("reason")).isEqualTo("relay test");
        assertThat(r.getInt("timeline.approvedMinutes")).isEqualTo(60);
        assertThat(r.getList("revealed")).isEmpty();
        assertThat(r.getList("devicesTouched")).containsExactly(Map.of("id", "thermostat-1", "kind", "thermostat", "security", false));
        assertThat(r.getList("commands.id")).containsExactly("c-1", "c-2");
        assertThat(r.getList("commands.op")).containsExactly("diag.read", "config.write");
        assertThat(r.getList("commands.result")).containsExactly("ok", "ok");
        assertThat(r.getList("commands.opTitle")).containsExactly("read the device's diagnostics", "change the device's settings");
        assertThat(r.getList("commands.actor")).containsExactly(home.technician(), home.technician());
        // the end-of-session read-back is the gateway's, listed apart
        assertThat(r.getList("gatewayCommands.op")).containsExactly("config.read");
        assertThat(r.getList("gatewayCommands.device")).containsExactly("thermostat-1");
        assertThat(r.getList("gatewayCommands.actor")).containsExactly("system:change");
        assertThat(r.getList("gatewayCommands.result")).containsExactly("ok");
        assertThat(r.getList("denials.id")).containsExactly("c-3");
        assertThat(r.getList("denials.device")).containsExactly("lock-1");
        assertThat(r.getList("denials.reason")).containsExactly("out_of_scope");
        assertThat(r.getList("escalations")).isEmpty();
        assertThat(r.getList("configChanges.setting")).containsExactly("setpoint");
        assertThat(r.getList("configChanges.device")).containsExactly("thermostat-1");
        assertThat(r.getList("configChanges.commandId")).containsExactly("c-2");
        assertThat(r.getList("configChanges.persistence")).containsExactly("persisted");
        assertThat(r.getList("anomalies")).isEmpty();
        assertThat(r.getString("risk.level")).isEqualTo("low");
        assertThat(r.getList("risk.factors")).isEmpty();
        assertThat(r.getList("followUps", String.class)).containsExactly(
                "Check that setpoint on thermostat-1 works as you expect; you can roll this change back.",
                "If the problem is fixed, resolve your ticket \"help\".");
        assertThat(r.getString("resolveTicket.ticketId")).isEqualTo(home.ticketId().toString());
        assertThat(r.getString("resolveTicket.endpoint")).isEqualTo("/api/v1/tickets/" + home.ticketId() + "/resolve");
        assertThat(r.getString("resolveTicket.suggestedNotes")).isEqualTo(String.join("\n", r.getList("followUps", String.class)));
        assertThat(r.getString("summary")).endsWith(" from " + home.org() + " ran 2 command(s) on 1 device(s); 1 were refused. "
                + "You revoked the technician's access. Risk: low.");
        // the hash of the stored report is in the session's chain
        String sha = SessionReports.sha256(body);
        assertThat(world.auditRows(sid, "report.generated", sha)).isEqualTo(1);
        // technicians read the same report
        given().auth().oauth2(world.technicianToken(home)).accept("application/json")
                .get("/api/v1/sessions/{id}/report", sid).then().statusCode(200).body("sessionId", equalTo(sid.toString()));
    }

    @Test
    void shouldRenderThePlainLanguageReportAsHtml() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        UUID sid = scripted(home);

        String html = given().auth().oauth2(world.residentToken(home)).accept("text/html")
                .get("/api/v1/sessions/{id}/report", sid).then().statusCode(200)
                .contentType("text/html").extract().asString();

        assertThat(html).contains("<h1>Support session report</h1>")
                .contains("Your ticket: “help” (device), now <strong>open</strong>.")
                .contains("read the device&#39;s diagnostics on thermostat-1</td><td>done")
                .contains("change the device&#39;s settings on thermostat-1</td><td>done")
                .contains("read the device&#39;s diagnostics on lock-1 — not part of what you approved")
                .contains("setpoint on thermostat-1: still in place")
                .contains("<h2>What the gateway did for you</h2>")
                .contains("You revealed nothing")
                .contains("You revoked the technician&#39;s access.")
                .contains("<link rel=\"stylesheet\" href=\"/assets/report.css\">").doesNotContain("<style");
        // The stylesheet is a file the strict CSP (style-src 'self') allows, print layout included
        given().get("/assets/report.css").then().statusCode(200).contentType(containsString("text/css"))
                .body(containsString("@media print"));
    }

    @Test
    void shouldRefuseAReportEditedInTheDatabase() {
        Home home = world.home(List.of("diag.read", "config.write"), 600);
        UUID sid = scripted(home);
        given().auth().oauth2(world.residentToken(home)).accept("application/json")
                .get("/api/v1/sessions/{id}/report", sid).then().statusCode(200);

        pool.preparedQuery("UPDATE session_reports SET report_json = replace(report_json, '\"risk\":{\"factors\":[],\"level\":\"low\"}', "
                        + "'\"risk\":{\"factors\":[],\"level\":\"none\"}') WHERE session_id = $1")
                .execute(Tuple.of(sid)).await().atMost(Duration.ofSeconds(10));
        assertThat(world.count("SELECT count(*) FROM session_reports WHERE session_id = $1 AND report_json LIKE '%\"level\":\"none\"%'", sid))
                .isEqualTo(1);

        given().auth().oauth2(world.residentToken(home)).accept("application/json")
                .get("/api/v1/sessions/{id}/report", sid).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("report_tampered"));
        given().auth().oauth2(world.residentToken(home)).accept("text/html")
                .get("/api/v1/sessions/{id}/report", sid).then().statusCode(409);
    }
}
