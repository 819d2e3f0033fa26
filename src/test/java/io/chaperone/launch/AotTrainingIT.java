package io.chaperone.launch;

import io.chaperone.trust.device.DeviceTrustFiles;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The AOT cache's training run (docs/operations.md "Start-up"): only {@code ./mvnw -B verify -Paot} runs it, against
 * the packaged aot-jar in the {@code bench} profile, while Quarkus records the JVM into
 * {@code target/quarkus-app/app.aot}. It is a real request path (login, JSON, validation, Hibernate Reactive), so
 * what the cache holds is what a serving gateway loads.
 */
@QuarkusIntegrationTest
@WithTestResource(AotTrainingIT.BenchGateway.class)
class AotTrainingIT {

    @Test
    void shouldServeAResidentFromThePackagedGateway() {
        // Given a resident signed in at the development issuer of the bench profile
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", "bench-resident", "password", "bench"))
                .post("/dev-issuer/login").then().statusCode(200).extract().path("accessToken");

        // When they look themselves up and create a home
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).body("role", equalTo("resident"));
        String home = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "AOT training home"))
                .post("/api/v1/homes").then().statusCode(201).extract().path("id");

        // Then the home reads back, and the public privacy notice is served
        given().auth().oauth2(token).get("/api/v1/homes/" + home).then().statusCode(200)
                .body("name", equalTo("AOT training home"));
        given().get("/api/v1/privacy-notice").then().statusCode(200);
    }

    /**
     * Points the packaged gateway at the local PostgreSQL ({@code -Dchaperone.aot.db}, default chaperone_bench; the
     * bench profile cleans the schema at start), on a free management port, and makes the hub listener's PEM files
     * before it starts. The launcher passes these to the gateway as system properties.
     */
    public static class BenchGateway implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            String database = System.getProperty("chaperone.aot.db", "chaperone_bench");
            Map<String, String> properties = new HashMap<>(DeviceTrustFiles.ensure(Path.of("target/aot-training-devices")));
            properties.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/" + database);
            properties.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + database);
            properties.put("quarkus.management.port", "0");
            // bench runs on top of dev, and the fresh schema is asked for here, not by the profile (ProdGuard)
            properties.put("quarkus.flyway.clean-at-start", "true");
            properties.put("quarkus.flyway.clean-disabled", "false");
            return properties;
        }

        @Override
        public void stop() {
        }
    }
}
