package io.chaperone.cluster;

import io.chaperone.support.PackagedJar;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A nats-server of the test's own (JetStream on, loopback, a free port), which the test may stop and start again on
 * the same port. Never the machine's shared server at 4222. Its log goes to {@code target/nats-<port>.log}.
 */
public final class PrivateNats implements AutoCloseable {

    private static final Path BINARY = Path.of(System.getProperty("chaperone.it.nats-server", "/usr/sbin/nats-server"));

    private final int port;
    private final Path storeDir;
    private final Path log;
    private Process process;

    public PrivateNats() {
        try {
            this.port = PackagedJar.freePort();
            this.storeDir = Files.createTempDirectory("chaperone-nats-");
            this.log = Path.of("target", "nats-" + port + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts the server (again) and waits until it accepts connections. */
    public synchronized PrivateNats start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            process = new ProcessBuilder(BINARY.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port), "-js",
                    "-sd", storeDir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + BINARY, e);
        }
        Process started = process;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("nats-server exited on " + port + "; see " + log);
            }
            return accepts();
        });
        return this;
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits until the port is closed. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
