package io.chaperone.launch;

import io.chaperone.support.PackagedJar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * src/main/aot/aot-cache.sh, as the image build and {@code ./mvnw -Prun} run it (ADR 0041), on a copy of the packaged
 * gateway and the embedded default (what the Containerfile's training stage has: no database): {@code train} must
 * leave a complete cache and its fingerprint, {@code run} must start the gateway with that cache, and other JVM
 * options must make {@code run} record a new one instead of using a cache made for others.
 */
class AotCacheScriptIT {

    private static final Path SCRIPT = Path.of("src/main/aot/aot-cache.sh").toAbsolutePath();
    /** Training includes the JVM assembling the cache after its exit: 15–30 s on a quiet machine, minutes on a busy one. */
    private static final Duration TRAIN_BOUND = Duration.ofMinutes(15);
    private static final Duration START_BOUND = Duration.ofMinutes(5);

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        // the postmaster daemonizes: found by its data directory, which is under this test's directory
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(work.toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void shouldTrainACacheThenStartWithItAndRecordAnewForOtherOptions() throws Exception {
        // Given a copy of the packaged gateway and free ports
        Path app = copyOfPackagedGateway();
        int managementPort = PackagedJar.freePort();
        List<String> options = List.of("-XX:+UseG1GC", "-Dquarkus.http.port=" + PackagedJar.freePort(),
                "-Dquarkus.http.ssl-port=" + PackagedJar.freePort(), "-Dquarkus.management.port=" + managementPort,
                "-Dchaperone.embedded.data-dir=" + work.resolve("pg-data"));

        // When it is trained
        Path trainLog = work.resolve("train.log");
        Process train = script("train", app, options, trainLog, managementPort);
        assertTrue(train.waitFor(TRAIN_BOUND.toSeconds(), TimeUnit.SECONDS), () -> PackagedJar.tail(trainLog));

        // Then the script succeeded and left a complete cache beside its fingerprint
        assertEquals(0, train.exitValue(), () -> PackagedJar.tail(trainLog));
        assertTrue(Files.size(app.resolve("app.aot")) > 0);
        assertFalse(Files.exists(app.resolve("app.aot.config")), "the JVM's temporary configuration is left");
        String fingerprint = Files.readString(app.resolve("app.aot.fingerprint")).trim();
        assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);

        // When it is run with the same options
        Path runLog = work.resolve("run.log");
        Process run = script("run", app, options, runLog, managementPort);

        // Then it starts with the cache and the JVM maps it (no AOT error or warning about it)
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertTrue(run.isAlive(), () -> "the gateway exited early:\n" + PackagedJar.tail(runLog));
            return PackagedJar.status(managementPort, "/q/health/ready") == 200;
        });
        String out = Files.readString(runLog);
        assertTrue(out.contains("AOT cache: starting with " + app.resolve("app.aot")), out);
        assertFalse(out.contains("[error][aot]") || out.contains("Unable to map"), out);
        stop(run);

        // When it is run with other options
        Path otherLog = work.resolve("other.log");
        List<String> other = new ArrayList<>(options);
        other.add("-Xmx1g");
        Process recording = script("run", app, other, otherLog, managementPort);

        // Then the cache for the first options is deleted and a new one is being recorded
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(250)).until(() ->
                Files.readString(otherLog).contains("AOT cache: none for this build; recording one"));
        assertFalse(Files.exists(app.resolve("app.aot")), "the cache made for other options is still there");
        assertFalse(fingerprint.equals(Files.readString(app.resolve("app.aot.fingerprint")).trim()));
        recording.destroyForcibly();
    }

    private Path copyOfPackagedGateway() throws IOException {
        Path from = PackagedJar.runner().getParent();
        Path to = work.resolve("quarkus-app");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("app.aot")).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    /** The script in a clean environment (no database configured: the embedded default), from the work directory. */
    private Process script(String mode, Path app, List<String> options, Path log, int managementPort) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), mode, app.toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("HOME", work.toString());
        builder.environment().put("JAVA", PackagedJar.java());
        builder.environment().put("TRAIN_PORT", Integer.toString(managementPort));
        builder.environment().put("TRAIN_TIMEOUT", Long.toString(TRAIN_BOUND.toSeconds()));
        Process p = builder.start();
        started.add(p);
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroy();
        await().atMost(Duration.ofMinutes(2)).until(() -> !p.isAlive() && tree.stream().noneMatch(ProcessHandle::isAlive));
    }
}
