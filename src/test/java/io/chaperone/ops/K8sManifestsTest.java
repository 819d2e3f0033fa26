package io.chaperone.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Validates k8s/ without a cluster or network: every YAML document parses and deserialises strictly into
 * its model, kustomizations reference real files and patch real resources, probes, ports and selectors
 * are wired to each other, the deployment keeps its operational contract, and the Grafana dashboard
 * queries only meters the gateway has. The rendering with kubectl lives in {@link K8sRenderedOverlaysTest}.
 */
class K8sManifestsTest {

    static final Path K8S = Path.of("k8s");
    static final Path BASE = K8S.resolve("base");
    static final List<Path> OVERLAYS = List.of(K8S.resolve("overlays/dev"), K8S.resolve("overlays/prod"));
    static final Path DASHBOARD = K8S.resolve("grafana/chaperone-dashboard.json");

    /** The gateway's configuration surface; each must be set by the ConfigMap or the container env. */
    static final Set<String> REQUIRED_ENV = Set.of("QUARKUS_PROFILE", "QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_FLYWAY_USERNAME", "QUARKUS_FLYWAY_PASSWORD",
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER", "CHAPERONE_RELAY_ALLOWED_ORIGINS",
            "CHAPERONE_KEYS_SIGNING_KEYS_LOCATION", "JAVA_TOOL_OPTIONS", "CHAPERONE_DEVICES_CA_CERT_LOCATION",
            "CHAPERONE_DEVICES_CA_KEY_LOCATION", "CHAPERONE_DEVICES_SERVER_CERT_LOCATION", "CHAPERONE_DEVICES_SERVER_KEY_LOCATION",
            "CHAPERONE_AUDIT_CHECKPOINT_KEY_LOCATION", "CHAPERONE_PRIVACY_MASTER_KEY",
            "CHAPERONE_TICKETS_DPOP_PUBLIC_BASE_URL");
    static final int AUDIT_DRAIN_SECONDS = 10;

    // ---------------------------------------------------------------- (1) + (2) parse, strict models

    @Test
    void shouldDeserialiseEveryYamlDocumentUnderK8sStrictlyIntoItsModel() {
        // Given every YAML document in the tree (resources, patches, kustomizations)
        List<ManifestDoc> docs = StrictManifests.parseTree(K8S);

        // When each is read into its fabric8 model (or the CNPG schema) with unknown fields failing
        List<String> failures = new ArrayList<>();
        for (ManifestDoc doc : docs) {
            try {
                StrictManifests.read(doc);
            } catch (IllegalArgumentException e) {
                failures.add(e.getMessage());
            }
        }

        // Then all of them are valid, and the tree holds what the brief asks for
        assertEquals(List.of(), failures);
        Set<String> kinds = docs.stream().map(ManifestDoc::kind).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("Cluster", "ConfigMap", "Deployment", "HorizontalPodAutoscaler",
                "Kustomization", "NetworkPolicy", "PodDisruptionBudget", "Secret", "Service", "ServiceAccount",
                "ServiceMonitor", "StatefulSet")), kinds);
    }

    @Test
    void shouldRejectAFieldTheModelDoesNotHave() {
        // Given a Deployment with a typo that fabric8 would otherwise keep as an "additional property"
        ManifestDoc typo = doc("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replicaz: 2}
                """);

        // When / Then it is refused, naming the field
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrictManifests.read(typo));
        assertTrue(e.getMessage().contains("replicaz"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownKindsWrongTypesAndUnknownCnpgValues() {
        assertRefused("no model for apps/v1beta1 Deployment", """
                apiVersion: apps/v1beta1
                kind: Deployment
                metadata: {name: x}
                """);
        assertRefused("\"eighty\"", """
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec: {ports: [{port: eighty}]}
                """);
        assertRefused("synchronous.method must be one of", """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: x}
                spec: {instances: 3, postgresql: {synchronous: {method: some, number: 1}}}
                """);
        assertRefused("walSize", """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: x}
                spec: {instances: 3, walSize: 1Gi}
                """);
    }

    @Test
    void shouldRejectDuplicateKeys() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> doc("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x}
                data: {A: "1", A: "2"}
                """));
        assertTrue(e.getCause().getMessage().contains("Duplicate field 'A'"), e.getCause().getMessage());
    }

    // ---------------------------------------------------------------- (3) kustomizations

    @Test
    void shouldReferenceOnlyExistingFilesFromEveryKustomization() throws IOException {
        // Given every kustomization.yaml in the tree
        List<Path> dirs;
        try (Stream<Path> files = Files.walk(K8S)) {
            dirs = files.filter(p -> p.getFileName().toString().equals(KustomizeLayer.FILE))
                    .map(Path::getParent).toList();
        }

        // When their references are resolved
        List<String> missing = dirs.stream().flatMap(d -> KustomizeLayer.load(d).missingReferences().stream()).toList();

        // Then base, grafana and both overlays exist and name only files that exist
        assertEquals(Set.of(BASE, K8S.resolve("grafana"), OVERLAYS.get(0), OVERLAYS.get(1)), Set.copyOf(dirs));
        assertEquals(List.of(), missing);
    }

    @Test
    void shouldReportAReferenceToAMissingFile() {
        KustomizeLayer broken = new KustomizeLayer(BASE, StrictManifests.read(doc("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [deployment.yaml, no-such-file.yaml]
                """), io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization.class));

        assertEquals(List.of(BASE.resolve(KustomizeLayer.FILE) + " -> no-such-file.yaml"), broken.missingReferences());
    }

    @Test
    void shouldPatchOnlyResourcesOfTheBaseInEveryOverlay() {
        for (Path overlay : OVERLAYS) {
            KustomizeLayer layer = KustomizeLayer.load(overlay);
            assertFalse(layer.patchDocs().isEmpty(), overlay + " has no patches");
            assertEquals(List.of(), layer.untargetedPatches(), overlay.toString());
        }
    }

    @Test
    void shouldReportAPatchWhoseTargetIsNotInTheBase() {
        KustomizeLayer layer = new KustomizeLayer(OVERLAYS.get(0), StrictManifests.read(doc("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../../base]
                patches:
                  - path: deployment.yaml
                  - target: {kind: Deployment, name: chaperone-gatewai}
                    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 1}]'
                """), io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization.class));

        List<String> problems = layer.untargetedPatches();

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().contains("Deployment/chaperone-gatewai"), problems.toString());
    }

    // ---------------------------------------------------------------- (4) wiring

    @Test
    void shouldWireProbesServicesMonitorsAndPoliciesToTheGatewayPods() {
        // Given the base objects, When they are checked against each other, Then nothing is dangling
        assertEquals(List.of(), WorkloadWiring.problems(baseObjects()));
    }

    @Test
    void shouldSpreadOnlyGatewayPodsInEveryOverlayPatch() {
        Map<String, String> podLabels = one(baseObjects(), Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        for (Path overlay : OVERLAYS) {
            for (ManifestDoc patch : KustomizeLayer.load(overlay).patchDocs()) {
                if (StrictManifests.read(patch) instanceof Deployment d) {
                    assertEquals(List.of(), WorkloadWiring.schedulingProblems(patch.toString(),
                            d.getSpec().getTemplate().getSpec(), podLabels));
                }
            }
        }
    }

    @Test
    void shouldReportProbeOnUndeclaredPortAndServiceSelectingNoPods() {
        // Given the base with the readiness probe on an unknown port and a Service with a wrong selector
        List<Object> objects = new ArrayList<>(baseObjects());
        Deployment d = one(objects, Deployment.class);
        d.getSpec().getTemplate().getSpec().getContainers().getFirst().getReadinessProbe().getHttpGet()
                .setPort(new io.fabric8.kubernetes.api.model.IntOrString("admin"));
        WorkloadWiring.ofType(objects, Service.class).getFirst().getSpec()
                .setSelector(Map.of("app.kubernetes.io/name", "chaperone-gatewai"));

        // When checked
        List<String> problems = WorkloadWiring.problems(objects);

        // Then exactly those two faults are named
        assertEquals(List.of(
                "Deployment/chaperone-gateway container gateway: probe port admin is not a container port",
                "Service/chaperone-gateway: selector {app.kubernetes.io/name=chaperone-gatewai} matches no Deployment's pods"),
                problems);
    }

    // ---------------------------------------------------------------- operational contract

    @Test
    void shouldKeepTheGatewayDeploymentContract() {
        List<Object> base = baseObjects();
        Deployment d = one(base, Deployment.class);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().getFirst();

        assertEquals(2, d.getSpec().getReplicas());
        assertEquals("RollingUpdate", d.getSpec().getStrategy().getType());
        assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
        // Graceful stop: the preStop sleep and the audit drain both fit before SIGKILL.
        assertEquals(30L, pod.getTerminationGracePeriodSeconds());
        assertEquals(5L, c.getLifecycle().getPreStop().getSleep().getSeconds());
        assertTrue(5 + AUDIT_DRAIN_SECONDS < pod.getTerminationGracePeriodSeconds());
        // Hardening.
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow().getName();
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(tmpVolume) && v.getEmptyDir() != null));
        // Sizing: 2 CPU / 1.5 GiB, heap relative to the container limit.
        assertEquals(new Quantity("2"), c.getResources().getLimits().get("cpu"));
        assertEquals(new Quantity("1536Mi"), c.getResources().getLimits().get("memory"));
        assertTrue(env(c, "JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage="));
        // Ports and probes: management 9000 for every probe.
        assertEquals(Map.of("http", 8080, "hub-mtls", 8443, "management", 9000), c.getPorts().stream()
                .collect(Collectors.toMap(p -> p.getName(), p -> p.getContainerPort())));
        Stream.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())
                .forEach(p -> assertEquals("management", p.getHttpGet().getPort().getStrVal()));
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        // Configuration: every variable the gateway needs is set, in prod profile.
        ConfigMap config = one(base, ConfigMap.class);
        Set<String> set = new TreeSet<>(config.getData().keySet());
        c.getEnv().stream().map(EnvVar::getName).forEach(set::add);
        assertTrue(set.containsAll(REQUIRED_ENV), "missing: " + REQUIRED_ENV.stream().filter(n -> !set.contains(n)).toList());
        assertEquals("prod", config.getData().get("QUARKUS_PROFILE"));
        assertEquals(config.getData().get("CHAPERONE_KEYS_SIGNING_KEYS_LOCATION"), c.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("signing-keys")).findFirst().orElseThrow().getMountPath());
    }

    @Test
    void shouldExposeServicesScalingBudgetAndPolicyAsSpecified() {
        List<Object> base = baseObjects();
        Map<String, Service> services = WorkloadWiring.ofType(base, Service.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        assertEquals(Map.of("http", 8080, "management", 9000), ports(services.get("chaperone-gateway")));
        assertEquals(Map.of("hub-mtls", 8443), ports(services.get("chaperone-hub-mtls")));

        HorizontalPodAutoscaler hpa = one(base, HorizontalPodAutoscaler.class);
        assertEquals("cpu", hpa.getSpec().getMetrics().getFirst().getResource().getName());
        Map<String, PodDisruptionBudget> budgets = WorkloadWiring.ofType(base, PodDisruptionBudget.class).stream()
                .collect(Collectors.toMap(b -> b.getMetadata().getName(), b -> b));
        assertEquals(java.util.Set.of("chaperone-gateway", "chaperone-nats"), budgets.keySet());
        assertEquals(1, budgets.get("chaperone-gateway").getSpec().getMinAvailable().getIntVal());
        assertEquals(1, budgets.get("chaperone-nats").getSpec().getMaxUnavailable().getIntVal());

        ServiceMonitor sm = one(base, ServiceMonitor.class);
        assertEquals("/q/metrics", sm.getSpec().getEndpoints().getFirst().getPath());
        assertEquals("management", sm.getSpec().getEndpoints().getFirst().getPort());

        Map<String, NetworkPolicy> policies = WorkloadWiring.ofType(base, NetworkPolicy.class).stream()
                .collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n));
        assertEquals(Set.of("chaperone-gateway", "chaperone-nats"), policies.keySet());
        NetworkPolicy np = policies.get("chaperone-gateway");
        assertEquals(List.of("Ingress", "Egress"), np.getSpec().getPolicyTypes());
        assertEquals(new TreeSet<>(Set.of("TCP/5432", "TCP/8443", "TCP/4222", "UDP/53", "TCP/53")), egressPorts(np));
        // NATS: clients only from the gateway pods, routes only between the NATS servers, DNS for the route names
        NetworkPolicy bus = policies.get("chaperone-nats");
        assertEquals(List.of("Ingress", "Egress"), bus.getSpec().getPolicyTypes());
        assertEquals(new TreeSet<>(Set.of("TCP/6222", "UDP/53", "TCP/53")), egressPorts(bus));
        assertEquals(Map.of("TCP/4222", "chaperone-gateway", "TCP/6222", "chaperone-nats"), bus.getSpec().getIngress().stream()
                .filter(r -> r.getFrom().getFirst().getNamespaceSelector() == null)
                .collect(Collectors.toMap(r -> r.getPorts().getFirst().getProtocol() + "/" + r.getPorts().getFirst().getPort().getIntVal(),
                        r -> r.getFrom().getFirst().getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))));
    }

    private static Set<String> egressPorts(NetworkPolicy np) {
        return np.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream())
                .map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void shouldRunThreeRoutedNatsServersWithJetStreamForTheClusteredGateway() {
        List<Object> base = baseObjects();
        StatefulSet nats = one(base, StatefulSet.class);
        Service headless = WorkloadWiring.ofType(base, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals(nats.getSpec().getServiceName())).findFirst().orElseThrow();
        Container server = nats.getSpec().getTemplate().getSpec().getContainers().getFirst();

        // Three servers, each with JetStream on a volume of its own, routed to each other by their stable names
        assertEquals(3, nats.getSpec().getReplicas());
        assertEquals("None", headless.getSpec().getClusterIP());
        assertTrue(headless.getSpec().getPublishNotReadyAddresses());
        assertTrue(server.getArgs().contains("--jetstream"), server.getArgs().toString());
        assertEquals("data", nats.getSpec().getVolumeClaimTemplates().getFirst().getMetadata().getName());
        String routes = server.getArgs().stream().filter(a -> a.startsWith("--routes=")).findFirst().orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertTrue(routes.contains("nats://" + nats.getMetadata().getName() + "-" + i + "." + headless.getMetadata().getName()
                    + ":6222"), routes);
        }
        // The gateway runs in cluster mode on that Service's client port, with a node id of its own per process
        ConfigMap config = WorkloadWiring.ofType(base, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("chaperone-gateway-config")).findFirst().orElseThrow();
        assertEquals("true", config.getData().get("CHAPERONE_CLUSTER_ENABLED"));
        assertEquals("nats://" + headless.getMetadata().getName() + ":" + ports(headless).get("client"),
                config.getData().get("CHAPERONE_CLUSTER_NATS_URL"));
        Container gateway = one(base, Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertFalse(config.getData().containsKey("CHAPERONE_CLUSTER_NODE_ID"));
        assertTrue(gateway.getEnv().stream().noneMatch(e -> e.getName().equals("CHAPERONE_CLUSTER_NODE_ID")));
    }

    @Test
    void shouldRunADurableThreeInstancePostgresOwnedByTheMigrationRole() {
        List<Object> base = baseObjects();
        CnpgCluster.Spec db = one(base, CnpgCluster.class).spec();
        Secret owner = WorkloadWiring.ofType(base, Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals(db.bootstrap().initdb().secret().getName()))
                .findFirst().orElseThrow();

        assertEquals(3, db.instances());
        assertEquals("on", db.postgresql().parameters().get("synchronous_commit"));
        assertEquals("required", db.postgresql().synchronous().dataDurability());
        assertEquals("chaperone", db.bootstrap().initdb().database());
        assertEquals(db.bootstrap().initdb().owner(), owner.getStringData().get("username"));
        assertEquals("kubernetes.io/basic-auth", owner.getType());
    }

    @Test
    void shouldQueryAsTheManagedAppRoleAndMigrateAsTheOwner() {
        List<Object> base = baseObjects();
        CnpgCluster.Spec db = one(base, CnpgCluster.class).spec();
        CnpgCluster.Role app = db.managed().roles().stream().filter(r -> r.name().equals("chaperone_app")).findFirst()
                .orElseThrow();
        Container gateway = one(base, Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
        Secret appSecret = WorkloadWiring.ofType(base, Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals(app.passwordSecret().getName())).findFirst().orElseThrow();

        assertEquals(List.of("present", true), List.of(app.ensure(), app.login()));
        assertEquals("kubernetes.io/basic-auth", appSecret.getType());
        assertEquals(app.name(), appSecret.getStringData().get("username"));
        assertEquals(Map.of("QUARKUS_DATASOURCE_USERNAME", "chaperone-db-app/username",
                        "QUARKUS_DATASOURCE_PASSWORD", "chaperone-db-app/password",
                        "QUARKUS_FLYWAY_USERNAME", "chaperone-db-owner/username",
                        "QUARKUS_FLYWAY_PASSWORD", "chaperone-db-owner/password"),
                gateway.getEnv().stream().filter(e -> e.getName().matches("QUARKUS_(DATASOURCE|FLYWAY)_(USERNAME|PASSWORD)"))
                        .collect(Collectors.toMap(e -> e.getName(), e -> e.getValueFrom().getSecretKeyRef().getName() + "/"
                                + e.getValueFrom().getSecretKeyRef().getKey())));
    }

    @Test
    void shouldSizeEachOverlayAsSpecified() {
        Map<String, Object> dev = patches(OVERLAYS.get(0));
        Map<String, Object> prod = patches(OVERLAYS.get(1));

        assertEquals(1, ((Deployment) dev.get("Deployment")).getSpec().getReplicas());
        assertEquals(1, ((HorizontalPodAutoscaler) dev.get("HorizontalPodAutoscaler")).getSpec().getMinReplicas());
        CnpgCluster devDb = (CnpgCluster) dev.get("Cluster");
        assertEquals(1, devDb.spec().instances());
        assertNull(devDb.spec().postgresql().synchronous(), "one instance cannot wait for a synchronous standby");

        Deployment prodDeployment = (Deployment) prod.get("Deployment");
        assertEquals(3, prodDeployment.getSpec().getReplicas());
        assertEquals(2, prodDeployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().size());
        HorizontalPodAutoscaler prodHpa = (HorizontalPodAutoscaler) prod.get("HorizontalPodAutoscaler");
        assertEquals(List.of(3, 10), List.of(prodHpa.getSpec().getMinReplicas(), prodHpa.getSpec().getMaxReplicas()));
    }

    @Test
    void shouldKeepEveryCommittedSecretValueAPlaceholder() {
        List<Secret> secrets = StrictManifests.parseTree(K8S).stream().filter(d -> d.kind().equals("Secret"))
                .map(d -> (Secret) StrictManifests.read(d)).toList();

        assertEquals(Set.of("chaperone-db-owner", "chaperone-db-app", "chaperone-signing-keys", "chaperone-device-ca", "chaperone-master-key",
                        "chaperone-hub-listener-tls", "chaperone-checkpoint-key"),
                secrets.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()));
        for (Secret s : secrets) {
            assertTrue(s.getData() == null || s.getData().isEmpty(), s.getMetadata().getName() + " must use readable stringData");
            s.getStringData().forEach((key, value) -> assertTrue(value.startsWith("REPLACE_ME") || key.equals("username"),
                    s.getMetadata().getName() + "/" + key + " is not a placeholder"));
        }
    }

    // ---------------------------------------------------------------- (5) dashboard

    @Test
    void shouldChartEveryGatewayMeterAndNothingUnknown() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = DashboardQueries.expressions(dashboard);

        Set<String> unknown = new TreeSet<>();
        Set<String> charted = new TreeSet<>();
        exprs.stream().flatMap(e -> DashboardQueries.chaperoneSeries(e).stream()).forEach(series -> {
            String meter = DashboardQueries.meterOf(series);
            (meter == null ? unknown : charted).add(meter == null ? series : meter);
        });

        assertTrue(dashboard.path("schemaVersion").asInt() >= 36, "schemaVersion " + dashboard.path("schemaVersion"));
        assertEquals(Set.of(), unknown);
        Set<String> all = new TreeSet<>(DashboardQueries.GAUGES_AND_COUNTERS);
        all.addAll(DashboardQueries.HISTOGRAMS);
        assertEquals(all, charted);
        for (String q : List.of("0.5", "0.99", "0.999")) {
            assertTrue(exprs.contains("histogram_quantile(" + q + ", sum by (le) (rate(chaperone_frame_latency_seconds_bucket"
                    + "{namespace=~\"$namespace\"}[$__rate_interval])))"), "frame latency p" + q);
        }
        assertTrue(exprs.stream().anyMatch(e -> e.contains("chaperone_ws_closed_total{") && e.contains("reason=\"slow_consumer\"")));
    }

    @Test
    void shouldFlagASeriesThatIsNoGatewayMeter() {
        Set<String> series = DashboardQueries.chaperoneSeries(
                "rate(chaperone_frames_total[5m]) + chaperone_sessions_active_bucket + chaperone_frame_latency_seconds_sum");

        assertEquals(Set.of("chaperone_frame_latency_seconds_sum", "chaperone_frames_total", "chaperone_sessions_active_bucket"), series);
        assertNull(DashboardQueries.meterOf("chaperone_sessions_active_bucket"));
        assertEquals("chaperone_frame_latency_seconds", DashboardQueries.meterOf("chaperone_frame_latency_seconds_sum"));
    }

    // ---------------------------------------------------------------- helpers

    static List<Object> baseObjects() {
        return KustomizeLayer.load(BASE).resources().stream().map(StrictManifests::read).toList();
    }

    /** An overlay's patches by kind (one patch per kind in our overlays). */
    private static Map<String, Object> patches(Path overlay) {
        return KustomizeLayer.load(overlay).patchDocs().stream()
                .collect(Collectors.toMap(ManifestDoc::kind, StrictManifests::read));
    }

    static <T> T one(List<Object> objects, Class<T> type) {
        List<T> found = WorkloadWiring.ofType(objects, type);
        assertEquals(1, found.size(), type.getSimpleName());
        return found.getFirst();
    }

    private static ManifestDoc doc(String yaml) {
        return StrictManifests.parse(Path.of("inline.yaml"), yaml).getFirst();
    }

    private static void assertRefused(String expectedInMessage, String yaml) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrictManifests.read(doc(yaml)));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static Map<String, Integer> ports(Service s) {
        return s.getSpec().getPorts().stream().collect(Collectors.toMap(p -> p.getName(), p -> p.getPort()));
    }
}
