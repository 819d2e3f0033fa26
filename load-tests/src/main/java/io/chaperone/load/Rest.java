package io.chaperone.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/** The REST side of the driver: JSON over the JDK HTTP client, async so the world is built in parallel. */
final class Rest {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Completions run on the client's own threads, not the common pool: a driver step may join a call from inside a
     * completion (the resident's re-login every two minutes), and on a 2-core machine the common pool has one thread,
     * so joining there waited for a completion that could only run on that same thread (the setup hung for good
     * whenever it took longer than two minutes).
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "rest-client");
                thread.setDaemon(true);
                return thread;
            })).build();
    private final String base;

    Rest(String base) {
        this.base = base;
    }

    CompletableFuture<JsonNode> post(String path, String token, Object body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.POST(HttpRequest.BodyPublishers.ofString(write(body)));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return read(response.body());
        });
    }

    /** GET {@code path}; the body as JSON. */
    JsonNode get(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> read(r.body())).join();
    }

    /** A token from the development issuer (bench profile accounts), with a fresh second factor. */
    String login(String username, String password) {
        return post("/dev-issuer/login", null, java.util.Map.of("username", username, "password", password, "mfa", true), 200)
                .join().get("accessToken").asText();
    }

    private static String write(Object body) {
        try {
            return body == null ? "" : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
