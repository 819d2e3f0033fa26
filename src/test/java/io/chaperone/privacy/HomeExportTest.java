package io.chaperone.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.audit.integrity.ChainHash;
import io.chaperone.audit.integrity.ChainHead;
import io.chaperone.audit.integrity.MerkleTree;
import io.chaperone.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.chaperone.privacy.PrivacyWorld.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streamed export bundle: its shape, and audit rows exactly as stored plus their plaintext. */
@QuarkusTest
class HomeExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PrivacyWorld privacy;
    @Inject
    PrivacyNotices notices;
    @Inject
    Tokens tokens;

    @Test
    void shouldStreamTheBundleWithEveryAuditRowAsStoredAndItsPlaintext() throws Exception {
        // Given a home with one session (request, approval, a command) and a hub event
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        privacy.command(world, session);
        privacy.hubEvent(world);

        // When
        var response = given().auth().oauth2(privacy.resident(world)).when()
                .get("/api/v1/homes/" + world.homeId() + "/export").then().statusCode(200)
                .contentType("application/json").extract();

        // Then it is sent in chunks (streamed) and parses as the documented bundle
        assertEquals("chunked", response.header("Transfer-Encoding"));
        JsonNode bundle = JSON.readTree(response.asByteArray());
        assertEquals(List.of("format", "homeId", "exportedAt", "privacyNotice", "home", "hubs", "sessions", "hubEvents",
                "checkpoints", "checkpointKeys"), names(bundle));
        assertEquals("chaperone-export/1", bundle.get("format").asText());
        assertEquals(world.homeId().toString(), bundle.get("homeId").asText());
        assertTrue(bundle.get("exportedAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(notices.currentVersion(), bundle.get("privacyNotice").get("version").asText());
        assertEquals(world.homeId().toString(), bundle.get("home").get("id").asText());
        assertEquals(world.hubId().toString(), bundle.get("hubs").get(0).get("id").asText());
        assertEquals(1, bundle.get("sessions").size());
        JsonNode s = bundle.get("sessions").get(0);
        assertEquals(List.of("id", "state", "templateId", "technicianId", "requestedAt", "approvedAt", "expiresAt",
                "endedAt", "scope", "reveal", "approvals", "escalations", "audit"), names(s));
        assertEquals(session.toString(), s.get("id").asText());
        assertEquals("approved", s.get("state").asText());
        assertEquals(1, s.get("approvals").size());
        assertEquals(notices.currentVersion(), s.get("approvals").get(0).get("privacyNoticeVersion").asText());
        assertEquals(1, s.get("scope").get("version").asInt());
        assertRowsMatchDatabase(session, s.get("audit"));
        assertEquals("consent.receipt", s.get("audit").get(2).get("kind").asText());
        assertEquals(21, s.get("audit").get(3).get("plaintext").get("args").get("setpoint").asInt());
        assertRowsMatchDatabase(world.hubId(), chain(bundle.get("hubEvents"), world.hubId()));
        assertEquals("192.0.2.7", bundle.get("hubEvents").get(0).get("plaintext").get("ip").asText());
        assertTrue(bundle.get("checkpoints").isArray());
        assertTrue(bundle.get("checkpointKeys").get("keys").isArray());
    }

    @Test
    void shouldAuditTheExportOnTheHomesChainBeforeItsFirstByte() throws Exception {
        // Given
        var world = privacy.world();
        privacy.approvedSession(world);

        // When
        JsonNode bundle = JSON.readTree(given().auth().oauth2(privacy.resident(world)).when()
                .get("/api/v1/homes/" + world.homeId() + "/export").then().statusCode(200).extract().asByteArray());

        // Then the home's chain holds exactly one C1 home.exported by the resident, and the bundle already has it
        List<Row> rows = new ArrayList<>();
        privacy.rows("SELECT seq, kind, actor, outcome FROM audit_events WHERE chain_id = $1 ORDER BY seq",
                Tuple.of(world.homeId())).forEach(rows::add);
        assertEquals(1, rows.size());
        assertEquals("home.exported", rows.get(0).getString("kind"));
        assertEquals(world.residentSubject(), rows.get(0).getString("actor"));
        assertEquals("exported", rows.get(0).getString("outcome"));
        JsonNode exported = chain(bundle.get("hubEvents"), world.homeId());
        assertEquals(1, exported.size());
        assertEquals("home.exported", exported.get(0).get("kind").asText());
    }

    @Test
    void shouldCarryOnlyTheInclusionProofsOfTheHomesOwnChains() throws Exception {
        // Given two homes whose sessions are anchored by the same checkpoint
        var mine = privacy.world();
        var theirs = privacy.world();
        UUID session = privacy.requestedSession(mine);
        UUID other = privacy.requestedSession(theirs);
        long shared = privacy.anchoredTogether(mine, session, theirs, other);

        // When the first resident exports
        byte[] body = given().auth().oauth2(privacy.resident(mine)).when()
                .get("/api/v1/homes/" + mine.homeId() + "/export").then().statusCode(200).extract().asByteArray();

        // Then no checkpoint names the other home's chains, and the shared one proves this home's session
        String text = new String(body, StandardCharsets.UTF_8);
        assertFalse(text.contains(other.toString()), "the export names another home's session");
        assertFalse(text.contains(theirs.hubId().toString()), "the export names another home's hub");
        JsonNode checkpoint = null;
        for (JsonNode c : JSON.readTree(body).get("checkpoints")) {
            assertEquals(List.of("id", "createdAt", "prevCheckpointHash", "checkpointHash", "merkleRoot", "treeSize",
                    "keyId", "signature", "inclusions"), names(c));
            if (c.get("id").asLong() == shared) {
                checkpoint = c;
            }
        }
        assertNotNull(checkpoint, "the shared checkpoint is exported");
        assertTrue(checkpoint.get("treeSize").asInt() >= 2);
        JsonNode inclusion = checkpoint.get("inclusions").get(0);
        assertEquals(1, checkpoint.get("inclusions").size());
        assertEquals(session.toString(), inclusion.get("chainId").asText());
        List<byte[]> path = new ArrayList<>();
        inclusion.get("auditPath").forEach(p -> path.add(ChainHash.unhex(p.asText())));
        ChainHead head = new ChainHead(session, inclusion.get("seq").asLong(), ChainHash.unhex(inclusion.get("hash").asText()));
        assertTrue(MerkleTree.verifyInclusion(inclusion.get("leafIndex").asLong(), checkpoint.get("treeSize").asLong(),
                MerkleTree.leafHash(head), path, ChainHash.unhex(checkpoint.get("merkleRoot").asText())));
    }

    @Test
    void shouldAnswerNotFoundToAnotherResidentATechnicianAndOps() {
        // Given
        var world = privacy.world();
        var other = privacy.world();
        String path = "/api/v1/homes/" + world.homeId() + "/export";

        // When / Then
        get(privacy.resident(other), path).statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        get(privacy.technician(world), path).statusCode(404).body("code", equalTo("not_found"));
        get(tokens.ops(Tokens.unique("ops")), path).statusCode(404).body("code", equalTo("not_found"));
        get(privacy.resident(world), "/api/v1/homes/" + UUID.randomUUID() + "/export").statusCode(404)
                .body("code", equalTo("not_found"));
    }

    /** Every exported row equals its database row: same seqs, same stored (sealed) detail, same time. */
    private void assertRowsMatchDatabase(UUID chainId, JsonNode exported) {
        List<Row> stored = new ArrayList<>();
        privacy.rows("SELECT seq, at, kind, actor, detail FROM audit_events WHERE chain_id = $1 ORDER BY seq",
                Tuple.of(chainId)).forEach(stored::add);
        assertEquals(stored.size(), exported.size());
        for (int i = 0; i < stored.size(); i++) {
            Row db = stored.get(i);
            JsonNode row = exported.get(i);
            assertEquals(List.of("chainId", "seq", "at", "actor", "kind", "device", "op", "outcome", "correlationId",
                    "detail", "plaintext", "prevHash", "hash"), names(row));
            assertEquals(chainId.toString(), row.get("chainId").asText());
            assertEquals(db.getLong("seq"), row.get("seq").asLong());
            assertEquals(RowJson.time(db.getOffsetDateTime("at").toInstant()), row.get("at").asText());
            assertEquals(db.getString("kind"), row.get("kind").asText());
            assertEquals(db.getString("actor"), row.get("actor").asText());
            assertEquals(db.getString("detail"), row.get("detail").asText());
            if ("consent.receipt".equals(row.get("kind").asText())) {
                // An id and a hash, stored in clear for the offline receipt check (docs/audit.md).
                assertTrue(row.get("detail").asText().contains("\"receiptHash\":\"sha256:"));
                continue;
            }
            assertTrue(row.get("detail").asText().startsWith("enc:v1:"));
            assertTrue(row.get("plaintext").isObject());
        }
    }

    private static JsonNode chain(JsonNode rows, UUID chainId) {
        var only = JSON.createArrayNode();
        rows.forEach(row -> {
            if (chainId.toString().equals(row.get("chainId").asText())) {
                only.add(row);
            }
        });
        return only;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
