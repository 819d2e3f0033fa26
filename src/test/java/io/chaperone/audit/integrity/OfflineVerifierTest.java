package io.chaperone.audit.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.audit.integrity.IntegrityWorld.Session;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.chaperone.audit.integrity.IntegrityWorld.WAIT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline verifier ({@code src/main/cli/AuditVerifier.java}, run as a separate JDK process) and the
 * gateway's {@link ChainVerifier} give the same answer on the same export bundle, intact or tampered.
 */
@QuarkusTest
class OfflineVerifierTest {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    IntegrityWorld world;
    @Inject
    AuditChains chains;

    private record Chain(UUID id, List<ChainRow> rows) {
    }

    private record Run(int exit, List<String> lines) {
    }

    @Test
    void shouldAgreeWithTheGatewayOnAnIntactExport() throws Exception {
        // Given four anchored sessions exported as a bundle with the published keys
        List<Chain> exported = anchoredChains(4);
        List<Checkpoint> checkpoints = checkpointsOf(exported);
        Map<String, Object> jwks = jwks();

        // When the CLI verifies it
        Run run = cli(bundle(exported, checkpoints, jwks));

        // Then it says OK for every chain, exactly as the gateway does
        assertEquals(0, run.exit(), String.join("\n", run.lines()));
        assertEquals(expectedLines(exported, checkpoints, jwks), run.lines());
        assertTrue(run.lines().stream().limit(4).allMatch(l -> l.contains(" OK records=5 head=5 checkpoint=")));
    }

    @Test
    void shouldAgreeWithTheGatewayOnEveryKindOfTampering() throws Exception {
        // Given four anchored sessions, each tampered differently in the bundle
        List<Chain> exported = anchoredChains(4);
        List<Checkpoint> checkpoints = checkpointsOf(exported);
        List<Chain> tampered = new ArrayList<>();
        tampered.add(new Chain(exported.get(0).id(), changed(exported.get(0).rows(), 3)));
        List<ChainRow> missing = new ArrayList<>(exported.get(1).rows());
        missing.remove(1);
        tampered.add(new Chain(exported.get(1).id(), missing));
        tampered.add(new Chain(exported.get(2).id(), swapped(exported.get(2).rows(), 2, 4)));
        tampered.add(new Chain(exported.get(3).id(), exported.get(3).rows().subList(0, 3)));
        Map<String, Object> jwks = jwks();

        // When
        Run run = cli(bundle(tampered, checkpoints, jwks));

        // Then the CLI fails and names the same seq and reason as the gateway, chain by chain
        assertEquals(1, run.exit());
        assertEquals(expectedLines(tampered, checkpoints, jwks), run.lines());
        String all = String.join("\n", run.lines());
        assertTrue(all.contains("chain " + exported.get(0).id() + " BROKEN firstBrokenSeq=3 reason=changed"), all);
        assertTrue(all.contains("chain " + exported.get(1).id() + " BROKEN firstBrokenSeq=2 reason=missing"), all);
        assertTrue(all.contains("chain " + exported.get(2).id() + " BROKEN firstBrokenSeq=2 reason=reordered"), all);
        assertTrue(all.contains("chain " + exported.get(3).id() + " BROKEN firstBrokenSeq=4 reason=truncated"), all);
    }

    @Test
    void shouldRejectCheckpointsWhenPinnedToAnotherKeySet() throws Exception {
        // Given an intact bundle, and a JWKS holding only a key the gateway never used
        List<Chain> exported = anchoredChains(1);
        List<Checkpoint> checkpoints = checkpointsOf(exported);
        byte[] stranger = Ed25519Keys.raw(Ed25519Keys.generate().getPublic());
        Path pinned = Files.createTempFile("jwks", ".json");
        Files.writeString(pinned, JSON.writeValueAsString(Map.of("keys", List.of(Ed25519Keys.jwk(stranger)))));

        // When the CLI is told to trust only that JWKS
        Run run = cli(bundle(exported, checkpoints, jwks()), pinned);

        // Then
        assertEquals(1, run.exit());
        assertTrue(run.lines().getFirst().contains("reason=checkpoint_signature"), run.lines().getFirst());
    }

    // ---------------------------------------------------------------- helpers

    private List<Chain> anchoredChains(int n) {
        List<Chain> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Session s = world.session(5);
            world.anchored(s.id(), 5);
            out.add(new Chain(s.id(), chains.rows(s.id()).await().atMost(WAIT)));
        }
        return out;
    }

    private List<Checkpoint> checkpointsOf(List<Chain> exported) {
        Map<Long, Checkpoint> byId = new TreeMap<>();
        for (Chain c : exported) {
            chains.covering(c.id()).await().atMost(WAIT).forEach(cp -> byId.put(cp.id(), cp));
        }
        return List.copyOf(byId.values());
    }

    private static Map<String, Object> jwks() {
        List<Map<String, Object>> keys = given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().jsonPath().getList("keys");
        return Map.of("keys", keys.stream().filter(k -> "OKP".equals(k.get("kty"))).toList());
    }

    /** What the gateway's verifier says, in the CLI's line format. */
    private static List<String> expectedLines(List<Chain> exported, List<Checkpoint> checkpoints, Map<String, Object> jwks) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Object k : (List<?>) jwks.get("keys")) {
            Map<?, ?> jwk = (Map<?, ?>) k;
            keys.put((String) jwk.get("kid"), Ed25519Keys.publicKey(Base64.getUrlDecoder().decode((String) jwk.get("x"))));
        }
        List<String> lines = new ArrayList<>();
        boolean ok = true;
        for (Chain c : exported.stream().sorted((a, b) -> a.id().toString().compareTo(b.id().toString())).toList()) {
            Verification v = ChainVerifier.verify(c.id(), c.rows(), checkpoints, keys);
            if (v.valid()) {
                lines.add("chain " + c.id() + " OK records=" + v.records() + " head=" + v.head().map(ChainHead::seq).orElse(0L)
                        + " checkpoint=" + v.checkpoint().map(cp -> String.valueOf(cp.id())).orElse("none"));
            } else {
                Verification.Broken b = v.broken().orElseThrow();
                lines.add("chain " + c.id() + " BROKEN firstBrokenSeq=" + b.firstBrokenSeq() + " reason="
                        + b.reason().wireName() + " (" + b.detail() + ")");
                ok = false;
            }
        }
        lines.add(ok ? "OK" : "FAILED");
        return lines;
    }

    /**
     * The export bundle shape of docs/export-format.md (chaperone-export/1), as the privacy export writes it: the
     * checkpoints carry the inclusion proofs of the exported chains only.
     */
    private static Path bundle(List<Chain> exported, List<Checkpoint> checkpoints, Map<String, Object> jwks) throws IOException {
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (Chain c : exported) {
            List<Map<String, Object>> audit = new ArrayList<>();
            for (ChainRow row : c.rows()) {
                StoredRecord r = row.record();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("chainId", r.chainId().toString());
                m.put("seq", r.seq());
                m.put("at", MILLIS.format(Instant.ofEpochMilli(r.atMillis())));
                m.put("actor", r.actor());
                m.put("kind", r.kind());
                m.put("device", r.device());
                m.put("op", r.op());
                m.put("outcome", r.outcome());
                m.put("correlationId", r.correlationId());
                m.put("detail", r.detail());
                m.put("prevHash", ChainHash.hex(row.prevHash()));
                m.put("hash", ChainHash.hex(row.hash()));
                audit.add(m);
            }
            sessions.add(Map.of("id", c.id().toString(), "audit", audit));
        }
        List<UUID> ids = exported.stream().map(Chain::id).toList();
        List<CheckpointProof> cps = checkpoints.stream().map(cp -> CheckpointProof.of(cp, ids)).toList();
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("format", "chaperone-export/1");
        bundle.put("homeId", UUID.randomUUID().toString());
        bundle.put("exportedAt", MILLIS.format(Instant.now()));
        bundle.put("sessions", sessions);
        bundle.put("hubEvents", List.of());
        bundle.put("checkpoints", cps);
        bundle.put("checkpointKeys", jwks);
        Path file = Files.createTempFile("chaperone-export", ".json");
        Files.writeString(file, JSON.writeValueAsString(bundle));
        return file;
    }

    private static Run cli(Path bundle, Path... jwks) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, Path.of("src/main/cli/AuditVerifier.java").toAbsolutePath().toString(),
                bundle.toString()));
        for (Path p : jwks) {
            command.add(p.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the CLI did not finish");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), out.lines().toList());
    }

    private static List<ChainRow> changed(List<ChainRow> rows, long seq) {
        List<ChainRow> out = new ArrayList<>(rows);
        ChainRow row = out.get((int) seq - 1);
        StoredRecord r = row.record();
        out.set((int) seq - 1, new ChainRow(new StoredRecord(r.chainId(), r.seq(), r.atMillis(), r.actor(), r.kind(), r.device(),
                r.op(), "denied", r.correlationId(), r.detail()), row.prevHash(), row.hash()));
        return out;
    }

    private static List<ChainRow> swapped(List<ChainRow> rows, long a, long b) {
        List<ChainRow> out = new ArrayList<>(rows);
        ChainRow ra = out.get((int) a - 1);
        ChainRow rb = out.get((int) b - 1);
        out.set((int) a - 1, new ChainRow(reseq(rb.record(), a), rb.prevHash(), rb.hash()));
        out.set((int) b - 1, new ChainRow(reseq(ra.record(), b), ra.prevHash(), ra.hash()));
        return out;
    }

    private static StoredRecord reseq(StoredRecord r, long seq) {
        return new StoredRecord(r.chainId(), seq, r.atMillis(), r.actor(), r.kind(), r.device(), r.op(), r.outcome(),
                r.correlationId(), r.detail());
    }
}
