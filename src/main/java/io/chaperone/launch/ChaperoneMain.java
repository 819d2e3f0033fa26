package io.chaperone.launch;

import io.chaperone.admin.AdminCli;
import io.chaperone.trust.device.DeviceTrustFiles;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's entry point. With no database configured ({@link LaunchPlan}) it starts an embedded
 * PostgreSQL first, points both datasources at it, selects the {@code demo} profile, runs Quarkus and
 * stops PostgreSQL after Quarkus has stopped, also on Ctrl-C and SIGTERM. {@code admin ...} runs the
 * offline {@link AdminCli} instead (key material for production) and never starts Quarkus.
 */
@QuarkusMain
public class ChaperoneMain implements QuarkusApplication {

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    public static void main(String... args) {
        if (args.length > 0 && "admin".equals(args[0])) {
            System.exit(AdminCli.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        LaunchPlan plan = LaunchPlan.decide(systemProperties(), System.getenv(), Path.of("").toAbsolutePath());
        if (!plan.embedded()) {
            Quarkus.run(ChaperoneMain.class, args);
            return;
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(plan.dataDirectory());
        database.datasourceProperties().forEach(System::setProperty);
        // The hub listener's TLS files are read when Quarkus starts, so the demo's device CA exists before.
        DeviceTrustFiles.ensure(deviceDirectory(plan))
                .forEach((key, value) -> { if (System.getProperty(key) == null) { System.setProperty(key, value); } });
        plan.profileToSelect().ifPresent(profile -> System.setProperty(LaunchPlan.PROFILE_PROPERTY, profile));
        CountDownLatch quarkusStopped = new CountDownLatch(1);
        // On SIGINT/SIGTERM the JVM halts as soon as its shutdown hooks end, whatever the main thread is
        // doing; Quarkus's hook does not wait for us. So a hook of our own stops PostgreSQL, but only
        // after Quarkus has closed its pools (else they log connection errors on the way down).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            awaitQuietly(quarkusStopped);
            database.close();
        }, "embedded-postgres-stop"));
        try {
            // Called when the application ends by itself (e.g. a failed start): stop, then exit as Quarkus would.
            Quarkus.run(ChaperoneMain.class, (code, failure) -> {
                quarkusStopped.countDown();
                database.close();
                System.exit(code);
            }, args);
        } finally {
            quarkusStopped.countDown();
            database.close();
        }
    }

    /** Beside the database's data directory (never inside it), or a fresh temporary one. */
    private static Path deviceDirectory(LaunchPlan plan) {
        try {
            return plan.dataDirectory().isPresent()
                    ? plan.dataDirectory().get().resolveSibling(plan.dataDirectory().get().getFileName() + "-devices")
                    : Files.createTempDirectory("chaperone-devices-");
        } catch (IOException e) {
            throw new UncheckedIOException("no directory for the demo device CA", e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("Quarkus did not stop within " + STOP_WAIT + "; stopping PostgreSQL anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        return properties;
    }
}
