package io.chaperone.audit.integrity;

import io.chaperone.audit.AuditWriter;
import io.chaperone.audit.integrity.IntegrityWorld.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.chaperone.audit.integrity.IntegrityWorld.WAIT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed checkpoints: published key, signature, link to the previous one, inclusion proof of a session's head. */
@QuarkusTest
class CheckpointTest {

    @Inject
    IntegrityWorld world;
    @Inject
    CheckpointKey key;
    @Inject
    AuditChains chains;
    @Inject
    AuditWriter writer;

    @Test
    void shouldServeTheLatestCheckpointWithAVerifiableSignatureAndInclusionProof() {
        // Given an anchored session
        Session s = world.session(4);
        Checkpoint anchored = world.anchored(s.id(), 4);

        // When the resident fetches its checkpoint and the JWKS
        JsonPath cp = given().auth().oauth2(s.residentToken()).when().get("/api/v1/sessions/" + s.id() + "/audit/checkpoint")
                .then().statusCode(200).body("id", equalTo((int) anchored.id())).extract().jsonPath();
        List<Map<String, Object>> jwks = given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().jsonPath().getList("keys");

        // Then the signature verifies with the published Ed25519 key named by the checkpoint
        Map<String, Object> jwk = jwks.stream().filter(k -> cp.getString("keyId").equals(k.get("kid"))).findFirst().orElseThrow();
        assertEquals(Map.of("kty", "OKP", "crv", "Ed25519", "use", "sig", "alg", "EdDSA"),
                Map.of("kty", jwk.get("kty"), "crv", jwk.get("crv"), "use", jwk.get("use"), "alg", jwk.get("alg")));
        PublicKey publicKey = Ed25519Keys.publicKey(Base64.getUrlDecoder().decode((String) jwk.get("x")));
        byte[] signed = Checkpoint.signedBytes(cp.getLong("id"), Instant.parse(cp.getString("createdAt")),
                ChainHash.unhex(cp.getString("prevCheckpointHash")), ChainHash.unhex(cp.getString("merkleRoot")));
        byte[] signature = Base64.getDecoder().decode(cp.getString("signature"));
        assertTrue(Ed25519Keys.verify(publicKey, signed, signature));
        assertArrayEquals(ChainHash.sha256().digest(signed), ChainHash.unhex(cp.getString("checkpointHash")));

        // And a forged signature does not
        signature[0] ^= 1;
        assertFalse(Ed25519Keys.verify(publicKey, signed, signature));

        // And the chain head is included under the signed root
        ChainHead head = new ChainHead(s.id(), cp.getLong("chainHead.seq"), ChainHash.unhex(cp.getString("chainHead.hash")));
        assertEquals(s.id().toString(), cp.getString("chainHead.chainId"));
        assertEquals(4L, head.seq());
        List<byte[]> path = cp.<String>getList("inclusionProof.path").stream().map(ChainHash::unhex).toList();
        assertTrue(MerkleTree.verifyInclusion(cp.getInt("inclusionProof.leafIndex"), cp.getInt("inclusionProof.treeSize"),
                MerkleTree.leafHash(head), path, ChainHash.unhex(cp.getString("merkleRoot"))));
    }

    @Test
    void shouldGiveTheCallerOnlyTheProofOfTheirOwnChainNeverTheOtherHeads() {
        // Given two sessions of different homes anchored by the same checkpoint
        Session mine = world.session(1);
        Session theirs = world.session(1);
        Checkpoint shared = world.anchoredTogether(mine, theirs);

        // When the resident of the first fetches its checkpoint
        String body = given().auth().oauth2(mine.residentToken()).when().get("/api/v1/sessions/" + mine.id() + "/audit/checkpoint")
                .then().statusCode(200).body("id", equalTo((int) shared.id())).extract().asString();

        // Then it names no other chain: no heads list, only the caller's leaf and its audit path
        JsonPath cp = JsonPath.from(body);
        assertFalse(body.contains(theirs.id().toString()), body);
        assertNull(cp.get("heads"));
        assertEquals(Set.of("id", "createdAt", "prevCheckpointHash", "checkpointHash", "merkleRoot", "keyId", "signature",
                "chainHead", "inclusionProof"), cp.<String, Object>getMap("$").keySet());
        ChainHead head = new ChainHead(mine.id(), cp.getLong("chainHead.seq"), ChainHash.unhex(cp.getString("chainHead.hash")));
        List<byte[]> path = cp.<String>getList("inclusionProof.path").stream().map(ChainHash::unhex).toList();
        assertTrue(MerkleTree.verifyInclusion(cp.getInt("inclusionProof.leafIndex"), cp.getInt("inclusionProof.treeSize"),
                MerkleTree.leafHash(head), path, shared.merkleRoot()));
        assertTrue(cp.getInt("inclusionProof.treeSize") >= 2);
    }

    @Test
    void shouldLinkEachCheckpointToThePreviousOne() {
        // Given two checkpoints in a row
        Session s = world.session(2);
        Checkpoint first = world.anchored(s.id(), 2);
        world.append(s, "later");
        Checkpoint second = world.anchored(s.id(), 3);

        // Then the second links to the first (or to those in between, which link back to it)
        List<Checkpoint> line = chains.covering(s.id()).await().atMost(WAIT);
        assertTrue(second.id() > first.id());
        // (the periodic checkpoint may also have caught seq 1 before the first one)
        assertEquals(List.of(first.id(), second.id()), line.subList(line.size() - 2, line.size()).stream().map(Checkpoint::id).toList());
        if (second.id() == first.id() + 1) {
            assertArrayEquals(first.checkpointHash(), second.prevCheckpointHash());
        }
        assertEquals(key.keyId(), second.keyId());
    }

    @Test
    void shouldAnswer404WhenNoCheckpointCoversTheSessionYet() {
        // Given a chain whose head the test holds back from the checkpoints (retried if the periodic one took it first)
        Session s = null;
        ChainHead held = null;
        for (int attempt = 0; attempt < 3 && held == null; attempt++) {
            s = world.session(1);
            UUID id = s.id();
            List<ChainHead> taken = writer.takeChangedHeads();
            held = taken.stream().filter(h -> h.chainId().equals(id)).findFirst().orElse(null);
            writer.restoreChangedHeads(taken.stream().filter(h -> !h.chainId().equals(id)).toList());
        }
        assertNotNull(held, "the periodic checkpoint took the head three times in a row");

        // When / Then
        given().auth().oauth2(s.residentToken()).when().get("/api/v1/sessions/" + s.id() + "/audit/checkpoint")
                .then().statusCode(404).body("code", equalTo("checkpoint_not_found"));
        writer.restoreChangedHeads(List.of(held));
    }
}
