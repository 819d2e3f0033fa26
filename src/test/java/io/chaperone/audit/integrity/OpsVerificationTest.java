package io.chaperone.audit.integrity;

import io.chaperone.audit.integrity.IntegrityWorld.Session;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** {@code /api/v1/ops/audit/verifications}: ops run the verifier over recently anchored chains; the last run is kept. */
@QuarkusTest
class OpsVerificationTest {

    @Inject
    IntegrityWorld world;
    @Inject
    Pool pool;

    private ValidatableResponse recent(String token) {
        return given().auth().oauth2(token).get("/api/v1/ops/audit/verifications").then();
    }

    @Test
    void shouldListNoRunBeforeTheFirstAndThenTheNewestRunNamingTheBrokenChainOnly() {
        // Given no run yet, one intact and one tampered anchored chain
        pool.query("DELETE FROM audit_verification_runs").execute().await().indefinitely();
        String ops = world.opsToken();
        recent(ops).statusCode(200).body("size()", equalTo(0));
        Session intact = world.session(3);
        Session tampered = world.session(6);
        world.anchored(intact.id(), 3);
        world.anchored(tampered.id(), 6);
        OwnerDb.tamper("UPDATE audit_events SET outcome = 'denied' WHERE chain_id = '" + tampered.id() + "' AND seq = 4");

        // When ops run the verifier
        Map<String, Object> run = given().auth().oauth2(ops).post("/api/v1/ops/audit/verifications")
                .then().statusCode(200).body("valid", equalTo(false)).extract().jsonPath().getMap("$");

        // Then the tampered chain is named with its first broken seq and reason, the intact one is not
        assertThat(run).containsOnlyKeys("id", "startedAt", "finishedAt", "requestedBy", "chains", "records", "valid", "broken");
        assertThat((Integer) run.get("chains")).isGreaterThanOrEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> broken = (List<Map<String, Object>>) run.get("broken");
        assertThat(broken).contains(Map.of("chainId", tampered.id().toString(), "firstBrokenSeq", 4, "reason", "changed"));
        assertThat(broken).noneMatch(b -> intact.id().toString().equals(b.get("chainId")));
        // and the run is the newest, as stored; a second run comes first after it
        recent(ops).statusCode(200).body("size()", equalTo(1)).body("[0].id", equalTo(run.get("id")))
                .body("[0].valid", equalTo(false)).body("[0].chains", equalTo(run.get("chains")));
        Object second = given().auth().oauth2(ops).post("/api/v1/ops/audit/verifications").then().statusCode(200)
                .extract().path("id");
        given().auth().oauth2(ops).queryParam("limit", 2).get("/api/v1/ops/audit/verifications").then().statusCode(200)
                .body("id", contains(second, run.get("id")));
        given().auth().oauth2(ops).queryParam("limit", 51).get("/api/v1/ops/audit/verifications").then().statusCode(400)
                .body("code", equalTo("invalid_limit"));
    }

    @Test
    void shouldRefuseResidentsAndTechnicians() {
        Session s = world.session(1);

        given().auth().oauth2(s.residentToken()).post("/api/v1/ops/audit/verifications")
                .then().statusCode(403).body("code", equalTo("role_required"));
        recent(s.technicianToken()).statusCode(403).body("code", equalTo("role_required"));
        given().post("/api/v1/ops/audit/verifications").then().statusCode(401);
    }
}
