package io.chaperone.web;

import io.chaperone.support.PackagedJar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages in a real browser: boots the packaged jar on the embedded default (clean environment, its own data
 * directory, free ports; demo data and simulated hubs, as {@code EmbeddedDefaultIT} does), then runs the Node specs
 * in {@code src/test/web/specs} ({@code node --test}, playwright-core driving Debian's Chromium) against it.
 * {@code -Dweb.specs=<part of a file name>} runs only the matching specs. Fails with node's output when a spec fails.
 */
class BrowserPagesIT {

    private static final Path WEB = Path.of("src/test/web").toAbsolutePath();
    private static final Duration START_BOUND = Duration.ofSeconds(180);
    private static final Duration SPECS_BOUND = Duration.ofMinutes(20);

    @TempDir
    Path workDir;

    private Process gateway;

    @AfterEach
    void stopGateway() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();   // SIGTERM: the gateway stops its PostgreSQL itself
            if (!gateway.waitFor(45, TimeUnit.SECONDS)) {
                gateway.descendants().forEach(ProcessHandle::destroyForcibly);
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void shouldPassEveryBrowserSpecAgainstTheEmbeddedDefault() throws Exception {
        // Given the specs (and their node_modules, from `npm ci` in pre-integration-test)
        List<String> specs = specs(System.getProperty("web.specs", ""));
        assertFalse(specs.isEmpty(), "no spec in " + WEB.resolve("specs") + " matches web.specs");
        assertTrue(Files.isDirectory(WEB.resolve("node_modules/playwright-core")), "run `npm ci` in " + WEB);

        // and the packaged gateway on the embedded default
        int port = PackagedJar.freePort();
        int managementPort = PackagedJar.freePort();
        Path log = workDir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(PackagedJar.java(), "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.ssl-port=" + PackagedJar.freePort(), "-Dquarkus.management.port=" + managementPort,
                "-Dchaperone.embedded.data-dir=" + workDir.resolve("pg-data"), "-jar", PackagedJar.runner().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("HOME", workDir.toString());
        gateway = builder.start();
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertTrue(gateway.isAlive(), () -> "the gateway exited early:\n" + PackagedJar.tail(log));
            return PackagedJar.status(managementPort, "/q/health/ready") == 200;
        });

        // When node runs the specs against it
        Path screenshots = Path.of("target/screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1"));
        command.addAll(specs);
        ProcessBuilder node = new ProcessBuilder(command).directory(WEB.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("node.log").toFile());
        node.environment().put("GATEWAY_URL", "http://127.0.0.1:" + port);
        node.environment().put("SCREENSHOTS_DIR", screenshots.toString());
        Process specsRun = node.start();
        boolean finished = specsRun.waitFor(SPECS_BOUND.toMinutes(), TimeUnit.MINUTES);
        if (!finished) {
            specsRun.descendants().forEach(ProcessHandle::destroyForcibly);
            specsRun.destroyForcibly();
        }
        String output = Files.readString(workDir.resolve("node.log"));
        System.out.println(output);

        // Then every spec passed
        assertTrue(finished, "the specs did not finish within " + SPECS_BOUND + ":\n" + output);
        assertEquals(0, specsRun.exitValue(), () -> "browser specs failed:\n" + output
                + "\n--- gateway log (tail) ---\n" + PackagedJar.tail(log));
    }

    /** The spec files (relative to src/test/web) whose name contains {@code filter}, sorted. */
    private static List<String> specs(String filter) throws IOException {
        try (Stream<Path> files = Files.list(WEB.resolve("specs"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".spec.mjs") && name.contains(filter))
                    .sorted().map(name -> "specs/" + name).toList();
        }
    }
}
