package io.chaperone.ops;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed application.properties, resolved per profile as Quarkus does: what each profile ships with. */
class ProfileDefaultsTest {

    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    private static SmallRyeConfig resolved(String... profiles) throws IOException {
        URL url = PROPERTIES.toUri().toURL();
        return new SmallRyeConfigBuilder().withProfiles(java.util.List.of(profiles))
                .withSources(new PropertiesConfigSource(url, 250)).build();
    }

    private static Optional<String> value(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class);
    }

    @Test
    void shouldBindTheDemoToLoopbackOnly() throws IOException {
        SmallRyeConfig demo = resolved("demo");

        assertThat(value(demo, "quarkus.http.host")).contains("127.0.0.1");
        assertThat(value(demo, "quarkus.management.host")).contains("127.0.0.1");
    }

    @Test
    void shouldLeaveTheBenchProfileAloneWithoutTheDevelopmentIssuerOrCleanAtStart() throws IOException {
        SmallRyeConfig bench = resolved("bench");

        assertThat(value(bench, "chaperone.dev-issuer.enabled")).contains("false");
        assertThat(value(bench, "quarkus.flyway.clean-at-start")).isEmpty();
    }

    @Test
    void shouldGiveTheBenchRunOnTopOfDevTheDevelopmentIssuerButNotTheDemoData() throws IOException {
        SmallRyeConfig bench = resolved("dev", "bench");

        assertThat(value(bench, "chaperone.dev-issuer.enabled")).contains("true");
        assertThat(value(bench, "chaperone.demo.seed")).contains("false");
        assertThat(value(bench, "quarkus.datasource.reactive.url")).contains("postgresql://127.0.0.1:5432/chaperone_bench");
    }

    @Test
    void shouldHoldNoMergeMarker() throws IOException {
        assertThat(Files.readAllLines(PROPERTIES)).noneMatch(line -> line.startsWith("=======")
                || line.startsWith("<<<<<<<") || line.startsWith(">>>>>>>"));
    }
}
