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
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The REST side of the driver: JSON over the JDK HTTP client, async so the world is built in parallel. */
final class Rest {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int RETRIES_OF_503 = 10;
    private static final Executor RETRY_TIMER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "rest-retry");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    Rest(String base) {
        this.base = base;
    }

    CompletableFuture<JsonNode> post(String path, String token, Object body, int expected) {
        return post(path, token, body, expected, 0);
    }

    /**
     * A 503 (the gateway could not commit the change's audit record in time and made no change, fail closed) is retried
     * after a pause, up to {@link #RETRIES_OF_503} times, as a real client would: on a machine shared by several builds
     * an enrollment's C1 commit can miss its 2 s bound, and the setup used to abort on the first one.
     */
    private CompletableFuture<JsonNode> post(String path, String token, Object body, int expected, int attempt) {
        return send(path, token, body).thenCompose(response -> {
            if (response.statusCode() == 503 && attempt < RETRIES_OF_503) {
                return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(500L * (attempt + 1),
                        TimeUnit.MILLISECONDS, RETRY_TIMER))
                        .thenCompose(ignored -> post(path, token, body, expected, attempt + 1));
            }
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return CompletableFuture.completedFuture(read(response.body()));
        });
    }

    private CompletableFuture<HttpResponse<String>> send(String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.POST(HttpRequest.BodyPublishers.ofString(write(body)));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
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
