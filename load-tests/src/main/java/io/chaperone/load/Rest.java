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
import java.util.concurrent.TimeUnit;

/** The REST side of the driver: JSON over the JDK HTTP client, async so the world is built in parallel. */
final class Rest {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    Rest(String base) {
        this.base = base;
    }

    /** Attempts of a call the gateway answers 503 (audit_unavailable: its commit bound overrun on a loaded machine). */
    private static final int ATTEMPTS = 5;
    /**
     * Runs the retries: not the common pool, whose only worker on 2 cores may be blocked in a caller waiting for this
     * very call (BenchWorld's resident login), which would deadlock.
     */
    private static final java.util.concurrent.Executor RETRIES = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rest-retry");
        t.setDaemon(true);
        return t;
    });

    /**
     * POST {@code body} as JSON; the answer as JSON when its status is {@code expected}. A 503 means "not made, retry
     * later" (docs/api.md), so it is retried as a client would, up to {@link #ATTEMPTS} times, one second apart; a
     * set-up step the gateway refused and made no change for is then not a failed run.
     */
    CompletableFuture<JsonNode> post(String path, String token, Object body, int expected) {
        return post(path, token, body, expected, null, 1);
    }

    /**
     * Like {@link #post(String, String, Object, int)}, and a 422 with problem code {@code retryableCode} is retried the
     * same way: a refusal for a state the gateway reaches asynchronously (a hub's inventory is stored after its welcome).
     */
    CompletableFuture<JsonNode> post(String path, String token, Object body, int expected, String retryableCode) {
        return post(path, token, body, expected, retryableCode, 1);
    }

    private CompletableFuture<JsonNode> post(String path, String token, Object body, int expected, String retryableCode,
                                             int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.POST(HttpRequest.BodyPublishers.ofString(write(body)));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            boolean retryable = (response.statusCode() == 503 && expected != 503) || (retryableCode != null
                    && response.statusCode() == 422 && response.body().contains("\"code\":\"" + retryableCode + "\""));
            if (retryable && attempt < ATTEMPTS) {
                return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, RETRIES))
                        .thenCompose(v -> post(path, token, body, expected, retryableCode, attempt + 1));
            }
            if (response.statusCode() != expected) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return CompletableFuture.completedFuture(read(response.body()));
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
