package io.chaperone.cluster;

import io.chaperone.support.PackagedJar;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The harness itself: three gateway processes in cluster mode on the machine's NATS, each ready under its own id. */
class ClusterBootIT {

    private static ClusterNodes cluster;

    @BeforeAll
    static void boot() throws Exception {
        assumeTrue(PrivateNats.available(), "no nats-server on this machine");
        cluster = ClusterNodes.start(3);
    }

    @AfterAll
    static void shutDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldBringUpThreeReadyNodesEachNamingItselfAndSharingOneKeySet() throws Exception {
        List<ClusterNodes.Node> nodes = cluster.nodes();
        assertThat(nodes).extracting(ClusterNodes.Node::id).containsExactly("node-a", "node-b", "node-c");
        for (ClusterNodes.Node node : nodes) {
            assertThat(node.managementStatus("/q/health/ready")).as(node.id()).isEqualTo(200);
            JsonObject check = cluster(new JsonObject(node.readiness()));
            assertThat(check.getString("status")).as(node.id()).isEqualTo("UP");
            assertThat(check.getJsonObject("data").getString("mode")).isEqualTo("cluster");
            assertThat(check.getJsonObject("data").getString("nodeId")).isEqualTo(node.id());
            assertThat(check.getJsonObject("data").getString("nats")).isEqualTo("connected");
            assertThat(Files.readString(node.log())).contains("cluster node " + node.id() + " connecting to NATS",
                    "cluster node " + node.id() + ": NATS CONNECTED");
        }
        // One shared key set: every node publishes the same keys (kid → key; the order of the list may differ).
        Set<Map<String, JsonObject>> jwks = nodes.stream().map(n -> keys(get(n.baseUrl() + "/.well-known/jwks.json")))
                .collect(Collectors.toSet());
        assertThat(jwks).hasSize(1);
        assertThat(jwks.iterator().next()).hasSizeGreaterThanOrEqualTo(2); // ticket signing key + checkpoint key
    }

    private static Map<String, JsonObject> keys(String jwks) {
        return new JsonObject(jwks).getJsonArray("keys").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(k -> k.getString("kid"), k -> k));
    }

    private static JsonObject cluster(JsonObject readiness) {
        return readiness.getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> "cluster".equals(c.getString("name"))).findFirst().orElseThrow();
    }

    private static String get(String url) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(url).isEqualTo(200);
            return r.body();
        } catch (Exception e) {
            throw new AssertionError(url + ": " + e + "\n" + PackagedJar.tail(cluster.node(0).log()), e);
        }
    }
}
