package io.chaperone.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the integration tests need to start target/quarkus-app/quarkus-run.jar as a process and watch it. */
public final class PackagedJar {

    private PackagedJar() {
    }

    /** The runner jar failsafe names ({@code chaperone.it.runner}). */
    public static Path runner() {
        Path jar = Path.of(System.getProperty("chaperone.it.runner", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run `package` first: " + jar);
        return jar;
    }

    /** The JDK the tests run on (21+), for the gateway's process. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Ports this JVM handed out: the OS may give a just-closed port back at once (seen: http and https on one port). */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A port nothing listens on now and that no earlier call returned, so one process's ports never collide. */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IOException("no free port that was not handed out already, after 100 attempts");
    }

    public static int status(int port, String path) {
        return status(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    /** The HTTP status (redirects followed), or -1 when nothing answers. */
    public static int status(HttpRequest.Builder request) {
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The last lines of a process log, for a failure message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
