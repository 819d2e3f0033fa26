package io.chaperone.launch;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gateway killed with SIGKILL cannot stop its PostgreSQL, which then keeps the kept data directory
 * locked. Before starting, stop such a leftover server: only the process named in that directory's
 * {@code postmaster.pid}, and only if it really is a postgres serving that directory.
 */
final class StalePostmaster {

    private static final Logger LOG = Logger.getLogger(StalePostmaster.class);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private StalePostmaster() {
    }

    static void stopIfRunning(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> process = lines.isEmpty() ? Optional.empty() : parse(lines.getFirst())
                .flatMap(ProcessHandle::of)
                .filter(p -> servesDirectory(p, dataDirectory));
        if (process.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = process.get();
        LOG.warnf("stopping a leftover embedded PostgreSQL (pid %d) of an earlier run", postmaster.pid());
        postmaster.destroy(); // SIGTERM: PostgreSQL's smart shutdown; no client is left to wait for
        try {
            postmaster.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("a leftover PostgreSQL (pid " + postmaster.pid() + ") holds "
                    + dataDirectory + " and did not stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping a leftover PostgreSQL");
        }
    }

    private static Optional<Long> parse(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean servesDirectory(ProcessHandle process, Path dataDirectory) {
        String commandLine = process.info().commandLine().orElse("");
        return commandLine.contains("postgres") && commandLine.contains(dataDirectory.toString());
    }
}
