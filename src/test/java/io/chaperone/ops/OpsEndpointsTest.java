package io.chaperone.ops;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.chaperone.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Metrics and health on the management interface (ARCHITECTURE §11), none of it on the public port. */
@QuarkusTest
class OpsEndpointsTest {

    /** Every meter of §11, as Prometheus names it, with its bounded tags. */
    private static final List<String> ARCHITECTURE_METERS = List.of(
            "chaperone_sessions_active ",
            "chaperone_hubs_connected ",
            "chaperone_frames_total{decision=\"allowed\",direction=\"technician_to_hub\"}",
            "chaperone_frames_total{decision=\"denied\",direction=\"technician_to_hub\"}",
            "chaperone_frames_total{decision=\"allowed\",direction=\"hub_to_technician\"}",
            "chaperone_frames_denied_total{reason=\"out_of_scope\"}",
            "chaperone_frame_latency_seconds_bucket{",
            "chaperone_frame_latency_seconds{quantile=\"0.99\"}",
            "chaperone_audit_commit_latency_seconds_count ",
            "chaperone_audit_queue_depth ",
            "chaperone_revocation_close_seconds_count{via=\"local\"}",
            "chaperone_revocation_close_seconds_count{via=\"nats\"}",
            "chaperone_revocation_announce_seconds_count{route=\"remote\"}",
            "chaperone_anomaly_flags_total{rule=\"denial_burst\",severity=\"severe\"}");

    @Inject
    AuditWriter writer;

    @Test
    void shouldServeEveryArchitectureMeterOnTheManagementPort() {
        // When Prometheus scrapes the management interface
        String text = management().get("/q/metrics").then().statusCode(200).extract().asString();

        // Then every meter of §11 is there, and no meter carries an identifier as a tag
        assertThat(ARCHITECTURE_METERS.stream().filter(name -> !text.contains(name)).toList()).isEmpty();
        assertThat(text.lines().filter(l -> l.startsWith("chaperone_")))
                .noneMatch(l -> l.matches(".*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}.*"))
                .noneMatch(l -> l.contains("session=") || l.contains("hub=") || l.contains("subject="));
    }

    @Test
    void shouldNotServeMetricsOrHealthOnThePublicPort() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/health/live").then().statusCode(404);
    }

    @Test
    void shouldReportDatabaseAuditAndKeyMaterialReady() {
        management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'key-material' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'audit-writer' }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('PostgreSQL') }.status", equalTo("UP"));
        management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldTimeEveryCommittedAuditBatch() {
        // Given the number of batches timed so far
        double before = auditCommitCount();

        // When one C1 record commits
        UUID chain = UUID.randomUUID();
        writer.commit(AuditRecord.of(chain, chain, Instant.now(), "ops-test", AuditKind.SESSION_REQUESTED))
                .await().atMost(Duration.ofSeconds(5));

        // Then at least its batch was timed
        await().atMost(Duration.ofSeconds(5)).until(() -> auditCommitCount() > before);
    }

    private static double auditCommitCount() {
        String text = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^chaperone_audit_commit_latency_seconds_count (\\S+)$").matcher(text);
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
