package io.chaperone.ops;

import io.chaperone.audit.integrity.Ed25519Keys;
import io.chaperone.support.PackagedJar;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each overlay, rendered by {@code kubectl kustomize}, boots the packaged gateway: the Secrets are filled with key
 * material from {@code admin init-keys} (the committed values are placeholders) and the test database's roles, the
 * Secrets and ConfigMaps are written the way the kubelet mounts them, and the jar starts in the prod profile with
 * exactly the container's environment until /q/health/ready answers 200. The only changes: the database URLs point
 * at the test database, the ports are free ones, mount paths live below a temporary root and the JVM sees the
 * container's memory limit. Every variable the manifests set must be a setting the gateway documents.
 */
class K8sOverlayBootIT {

    private static final Duration START_BOUND = Duration.ofSeconds(120);
    /** The test profile's password for chaperone_app (application.properties), which the test database's role has. */
    private static final String APP_PASSWORD = "chaperone-app-test'pw";
    private static final Pattern PROPERTY_LINE = Pattern.compile("^#?(?:%[\\w,]+\\.)?([a-z][\\w.\"-]*[a-z\"])=", Pattern.MULTILINE);
    /** Standard settings the gateway reads that application.properties leaves to the environment. */
    private static final Set<String> FRAMEWORK_SETTINGS = Set.of("QUARKUS_PROFILE", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "JAVA_TOOL_OPTIONS");

    @TempDir
    Path work;

    private Process gateway;

    @AfterEach
    void stop() {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
        }
    }

    @Test
    void shouldBootEveryOverlayFromItsRenderedManifests() throws Exception {
        Optional<Path> kubectl = Kubectl.find();
        assumeTrue(kubectl.isPresent(), "kubectl not on PATH: overlays not booted");
        for (Path overlay : K8sManifestsTest.OVERLAYS) {
            boot(kubectl.get(), overlay, work.resolve(overlay.getFileName().toString()));
        }
    }

    private void boot(Path kubectl, Path overlay, Path dir) throws Exception {
        // Given the rendered overlay, its Secrets filled with fresh key material, mounted like the kubelet does
        Files.createDirectories(dir);
        Path keys = dir.resolve("keys");
        Process init = new ProcessBuilder(PackagedJar.java(), "-jar", PackagedJar.runner().toString(), "admin", "init-keys",
                "--out", keys.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("init.log").toFile()).start();
        assertTrue(init.waitFor(60, TimeUnit.SECONDS) && init.exitValue() == 0, () -> PackagedJar.tail(dir.resolve("init.log")));
        List<Object> objects = StrictManifests.parse(overlay, Kubectl.kustomize(kubectl, overlay)).stream()
                .map(StrictManifests::read).toList();
        List<Secret> secrets = WorkloadWiring.ofType(objects, Secret.class);
        Map<String, String> material = material(keys);
        secrets.forEach(s -> s.getStringData().replaceAll((key, value) -> fill(s.getMetadata().getName() + "/" + key, value, material)));
        Deployment deployment = WorkloadWiring.ofType(objects, Deployment.class).getFirst();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        Map<String, String> env = new KubeletMounts(dir.resolve("root"), secrets, WorkloadWiring.ofType(objects, ConfigMap.class))
                .mount(pod, container);
        assertEquals(Set.of(), undocumented(env.keySet()), overlay + ": variables the gateway does not read");

        // When the packaged jar starts with that environment (test database, free ports, the container's memory)
        String db = System.getenv().getOrDefault("CHAPERONE_TEST_DB", "chaperone_test");
        replace(env, "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + db);
        replace(env, "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + db);
        // Cluster mode on the machine's NATS, under a subject prefix of this boot only (docs/cluster.md).
        replace(env, "CHAPERONE_CLUSTER_NATS_URL", "nats://127.0.0.1:4222");
        env.put("CHAPERONE_CLUSTER_SUBJECT_PREFIX", "k8sboot" + java.util.UUID.randomUUID().toString().substring(0, 8));
        long memory = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue();
        replace(env, "JAVA_TOOL_OPTIONS", env.get("JAVA_TOOL_OPTIONS") + " -XX:MaxRAM=" + memory);
        int http = PackagedJar.freePort();
        int management = PackagedJar.freePort();
        env.putAll(Map.of("QUARKUS_HTTP_PORT", String.valueOf(http), "QUARKUS_HTTP_SSL_PORT", String.valueOf(PackagedJar.freePort()),
                "QUARKUS_MANAGEMENT_PORT", String.valueOf(management),
                "PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", dir.toString()));
        Path log = dir.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(PackagedJar.java(), "-jar", PackagedJar.runner().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        gateway = builder.start();

        // Then it becomes ready, in prod, signing checkpoints with the shared key and tickets with the mounted one
        await().atMost(START_BOUND).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertTrue(gateway.isAlive(), () -> overlay + ": the gateway exited:\n" + PackagedJar.tail(log));
            return PackagedJar.status(management, "/q/health/ready") == 200
                    && Files.readString(log).contains("Profile prod activated");
        });
        String out = Files.readString(log);
        byte[] checkpointKey = Ed25519Keys.raw(Ed25519Keys.fromPkcs8Pem(material.get("chaperone-checkpoint-key/checkpoint-key.pem")).getPublic());
        assertTrue(out.contains("audit checkpoint key " + Ed25519Keys.thumbprint(checkpointKey) + " (configured)"), out);
        assertEquals(200, PackagedJar.status(http, "/.well-known/jwks.json"));
        gateway.destroy();
        assertTrue(gateway.waitFor(45, TimeUnit.SECONDS), overlay + ": no clean stop");
    }

    /** What fills each Secret key: the init-keys files, and the test database's roles. */
    private static Map<String, String> material(Path keys) throws Exception {
        Path signingKey;
        try (Stream<Path> files = Files.list(keys.resolve("signing-keys"))) {
            signingKey = files.findFirst().orElseThrow();
        }
        Map<String, String> m = new HashMap<>();
        m.put("chaperone-db-owner/username", "postgres");
        m.put("chaperone-db-owner/password", "postgres");
        m.put("chaperone-db-app/password", APP_PASSWORD);
        m.put("chaperone-signing-keys/signing-key-1.pem", Files.readString(signingKey));
        m.put("chaperone-device-ca/tls.crt", Files.readString(keys.resolve("device-ca.pem")));
        m.put("chaperone-device-ca/tls.key", Files.readString(keys.resolve("device-ca-key.pem")));
        m.put("chaperone-hub-listener-tls/tls.crt", Files.readString(keys.resolve("hub-listener.pem")));
        m.put("chaperone-hub-listener-tls/tls.key", Files.readString(keys.resolve("hub-listener-key.pem")));
        m.put("chaperone-checkpoint-key/checkpoint-key.pem", Files.readString(keys.resolve("checkpoint-key.pem")));
        m.put("chaperone-master-key/master.key", Files.readString(keys.resolve("master.key")));
        return m;
    }

    /** A placeholder must have material (else the manifests ask for something this test cannot give). */
    private static String fill(String secretKey, String value, Map<String, String> material) {
        if (material.containsKey(secretKey)) {
            return material.get(secretKey);
        }
        assertTrue(!value.startsWith("REPLACE_ME"), secretKey + " is a placeholder the boot test does not fill");
        return value;
    }

    private static void replace(Map<String, String> env, String name, String value) {
        assertTrue(env.containsKey(name), "the manifests do not set " + name);
        env.put(name, value);
    }

    /** Variables that name no setting in application.properties (set, commented or per profile) nor a framework one. */
    private static Set<String> undocumented(Set<String> names) throws Exception {
        Set<String> documented = new TreeSet<>(FRAMEWORK_SETTINGS);
        Matcher m = PROPERTY_LINE.matcher(Files.readString(Path.of("src/main/resources/application.properties")));
        while (m.find()) {
            documented.add(m.group(1).replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
        }
        Set<String> unknown = new TreeSet<>(names);
        unknown.removeAll(documented);
        return unknown;
    }
}
