package io.chaperone.privacy;

import io.chaperone.audit.integrity.Checkpoints;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resident's export verifies offline, without trusting the gateway (src/main/cli/AuditVerifier.java as a
 * separate JDK process), before and after erasure: crypto-shredding removes the content, not the proof.
 */
@QuarkusTest
class ExportOfflineVerifyTest {

    @Inject
    PrivacyWorld privacy;
    @Inject
    Checkpoints checkpoints;

    @Test
    void shouldVerifyTheExportOfflineBeforeAndAfterErasure() throws Exception {
        var world = privacy.world();
        UUID session = privacy.approvedSession(world);
        privacy.command(world, session);
        privacy.hubEvent(world);
        privacy.end(world, session);
        checkpoints.checkpointNow().await().atMost(Duration.ofSeconds(10));

        Run before = verifyOffline(export(world));

        assertThat(before.exit()).as(before.lines().toString()).isZero();
        assertThat(before.lines()).last().isEqualTo("OK");
        assertThat(before.lines()).anySatisfy(l -> assertThat(l).startsWith("chain " + session + " OK"));

        given().auth().oauth2(privacy.resident(world)).when().delete("/api/v1/homes/" + world.homeId() + "/data")
                .then().statusCode(200);
        checkpoints.checkpointNow().await().atMost(Duration.ofSeconds(10));
        Run after = verifyOffline(export(world));

        assertThat(after.exit()).as(after.lines().toString()).isZero();
        assertThat(after.lines()).last().isEqualTo("OK");
        given().auth().oauth2(privacy.resident(world)).when().get("/api/v1/sessions/" + session + "/audit/verify")
                .then().statusCode(200).body("valid", org.hamcrest.Matchers.equalTo(true));
    }

    private Path export(io.chaperone.consent.ConsentFixture.World world) throws Exception {
        byte[] bundle = given().auth().oauth2(privacy.resident(world)).when()
                .get("/api/v1/homes/" + world.homeId() + "/export").then().statusCode(200).extract().asByteArray();
        Path file = Files.createTempFile("chaperone-export", ".json");
        Files.write(file, bundle);
        return file;
    }

    private static Run verifyOffline(Path bundle) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, Path.of("src/main/cli/AuditVerifier.java").toAbsolutePath().toString(),
                bundle.toString()).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the verifier finished").isTrue();
        return new Run(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }

    private record Run(int exit, List<String> lines) {
    }
}
