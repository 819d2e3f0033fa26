package io.chaperone.cluster;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls against one node of a {@link ClusterNodes} run, with tokens from its development issuer. */
final class ClusterRest {

    private ClusterRest() {
    }

    /** An access token of a bench account ({@code bench-ops}, {@code bench-resident}, {@code bench-tech}), with MFA. */
    static String login(ClusterNodes.Node node, String username) {
        JsonObject answer = call(node, "POST", "/dev-issuer/login", null,
                new JsonObject().put("username", username).put("password", "bench").put("mfa", true), 200);
        return answer.getString("accessToken");
    }

    /** Sends {@code body} (null: none) and returns the JSON answer; fails unless the status is {@code expected}. */
    static JsonObject call(ClusterNodes.Node node, String method, String path, String token, JsonObject body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(method + " " + path + " on " + node.id() + ": " + response.statusCode() + " " + response.body());
            }
            return response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + path + " on " + node.id() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
