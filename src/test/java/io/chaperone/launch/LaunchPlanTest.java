package io.chaperone.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchPlanTest {

    @TempDir
    Path workingDirectory;

    @Test
    void shouldStartEmbeddedDatabaseWithDemoProfileWhenNothingIsConfigured() {
        // Given no database URL and no profile; When deciding
        LaunchPlan plan = LaunchPlan.decide(Map.of(), Map.of(), workingDirectory);

        // Then
        assertTrue(plan.embedded());
        assertEquals(Optional.of("demo"), plan.profileToSelect());
        assertEquals(Optional.empty(), plan.dataDirectory(), "no target/: a temporary data directory");
    }

    @Test
    void shouldNotStartEmbeddedDatabaseWhenUrlIsASystemProperty() {
        LaunchPlan plan = LaunchPlan.decide(
                Map.of("quarkus.datasource.reactive.url", "postgresql://db:5432/chaperone"), Map.of(), workingDirectory);

        assertFalse(plan.embedded());
        assertEquals(Optional.empty(), plan.profileToSelect());
    }

    @Test
    void shouldNotStartEmbeddedDatabaseWhenUrlIsInTheEnvironment() {
        LaunchPlan plan = LaunchPlan.decide(
                Map.of(), Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://db:5432/chaperone"), workingDirectory);

        assertFalse(plan.embedded());
        assertEquals(Optional.empty(), plan.profileToSelect());
    }

    @Test
    void shouldTreatABlankUrlAsNotConfigured() {
        LaunchPlan plan = LaunchPlan.decide(Map.of("quarkus.datasource.reactive.url", " "),
                Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", ""), workingDirectory);

        assertTrue(plan.embedded());
    }

    @Test
    void shouldKeepAnExplicitProfileFromPropertyOrEnvironment() {
        LaunchPlan byProperty = LaunchPlan.decide(Map.of("quarkus.profile", "prod"), Map.of(), workingDirectory);
        LaunchPlan byEnv = LaunchPlan.decide(Map.of(), Map.of("QUARKUS_PROFILE", "dev"), workingDirectory);

        assertTrue(byProperty.embedded());
        assertEquals(Optional.empty(), byProperty.profileToSelect());
        assertEquals(Optional.empty(), byEnv.profileToSelect());
    }

    @Test
    void shouldKeepDataUnderTargetOfASourceCheckout() throws IOException {
        Files.createDirectory(workingDirectory.resolve("target"));

        LaunchPlan plan = LaunchPlan.decide(Map.of(), Map.of(), workingDirectory);

        assertEquals(Optional.of(workingDirectory.resolve("target/embedded-pg").toAbsolutePath()), plan.dataDirectory());
    }

    @Test
    void shouldPreferTheConfiguredDataDirectoryPropertyOverEnvironmentAndTarget() throws IOException {
        Files.createDirectory(workingDirectory.resolve("target"));
        Path fromProperty = workingDirectory.resolve("p");

        LaunchPlan plan = LaunchPlan.decide(Map.of("chaperone.embedded.data-dir", fromProperty.toString()),
                Map.of("CHAPERONE_EMBEDDED_DATA_DIR", workingDirectory.resolve("e").toString()), workingDirectory);
        LaunchPlan envOnly = LaunchPlan.decide(Map.of(),
                Map.of("CHAPERONE_EMBEDDED_DATA_DIR", workingDirectory.resolve("e").toString()), workingDirectory);

        assertEquals(Optional.of(fromProperty), plan.dataDirectory());
        assertEquals(Optional.of(workingDirectory.resolve("e")), envOnly.dataDirectory());
    }
}
