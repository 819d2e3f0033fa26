package io.chaperone.ops;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cross-resource wiring of a rendered set of objects: probes hit declared container ports, selectors
 * (Service, PDB, NetworkPolicy, spread and affinity) select the gateway pods, Service and ServiceMonitor
 * ports exist. Returns readable problems rather than failing at the first, so a test shows all of them.
 */
final class WorkloadWiring {

    private final List<Deployment> deployments;
    /** Pod templates of every workload (Deployments and StatefulSets) that a Service may select. */
    private final List<Workload> workloads = new ArrayList<>();
    private final List<Service> services;
    private final List<String> problems = new ArrayList<>();

    private WorkloadWiring(List<Object> objects) {
        this.deployments = ofType(objects, Deployment.class);
        this.services = ofType(objects, Service.class);
        deployments.forEach(d -> workloads.add(new Workload("Deployment/" + d.getMetadata().getName(),
                d.getSpec().getTemplate().getMetadata().getLabels(), d.getSpec().getTemplate().getSpec().getContainers())));
        for (StatefulSet set : ofType(objects, StatefulSet.class)) {
            workloads.add(new Workload("StatefulSet/" + set.getMetadata().getName(),
                    set.getSpec().getTemplate().getMetadata().getLabels(), set.getSpec().getTemplate().getSpec().getContainers()));
        }
    }

    private record Workload(String name, Map<String, String> podLabels, List<Container> containers) {
    }

    static List<String> problems(List<Object> objects) {
        WorkloadWiring w = new WorkloadWiring(objects);
        w.deployments.forEach(w::checkDeployment);
        w.services.forEach(w::checkService);
        ofType(objects, StatefulSet.class).forEach(w::checkStatefulSet);
        ofType(objects, ServiceMonitor.class).forEach(w::checkServiceMonitor);
        ofType(objects, HorizontalPodAutoscaler.class).forEach(w::checkHpa);
        ofType(objects, PodDisruptionBudget.class).forEach(pdb ->
                w.requirePods("PodDisruptionBudget/" + name(pdb.getMetadata()), pdb.getSpec().getSelector()));
        ofType(objects, NetworkPolicy.class).forEach(w::checkNetworkPolicy);
        return List.copyOf(w.problems);
    }

    private void checkDeployment(Deployment d) {
        String where = "Deployment/" + d.getMetadata().getName();
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        if (!selects(d.getSpec().getSelector(), podLabels)) {
            problems.add(where + ": spec.selector does not match its pod template labels " + podLabels);
        }
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        for (Container c : pod.getContainers()) {
            probes(c).forEach(probe -> checkProbe(where + " container " + c.getName(), c, probe));
        }
        problems.addAll(schedulingProblems(where, pod, podLabels));
    }

    /** Spread constraints and anti-affinity terms that would not see the gateway's own pods are no-ops. */
    static List<String> schedulingProblems(String where, PodSpec pod, Map<String, String> podLabels) {
        List<String> found = new ArrayList<>();
        for (TopologySpreadConstraint t : orEmpty(pod.getTopologySpreadConstraints())) {
            if (!selects(t.getLabelSelector(), podLabels)) {
                found.add(where + ": topologySpreadConstraint on " + t.getTopologyKey() + " selects no gateway pod");
            }
        }
        Optional.ofNullable(pod.getAffinity()).map(a -> a.getPodAntiAffinity())
                .map(a -> a.getPreferredDuringSchedulingIgnoredDuringExecution()).orElse(List.of())
                .stream().map(WeightedPodAffinityTerm::getPodAffinityTerm)
                .filter(term -> !selects(term.getLabelSelector(), podLabels))
                .forEach(term -> found.add(where + ": podAntiAffinity term selects no gateway pod"));
        return found;
    }

    private void checkProbe(String where, Container c, Probe probe) {
        if (probe.getHttpGet() == null) {
            problems.add(where + ": probe is not an httpGet probe");
            return;
        }
        String path = probe.getHttpGet().getPath();
        if (path == null || !path.startsWith("/q/health/")) {
            problems.add(where + ": probe path " + path + " is not a Quarkus health endpoint");
        }
        if (findPort(c, probe.getHttpGet().getPort()).isEmpty()) {
            problems.add(where + ": probe port " + show(probe.getHttpGet().getPort()) + " is not a container port");
        }
    }

    private void checkService(Service s) {
        String where = "Service/" + s.getMetadata().getName();
        List<Workload> backends = workloads.stream().filter(w -> selects(s.getSpec().getSelector(), w.podLabels())).toList();
        if (s.getSpec().getSelector() == null || s.getSpec().getSelector().isEmpty() || backends.isEmpty()) {
            problems.add(where + ": selector " + s.getSpec().getSelector() + " matches no Deployment's pods");
            return;
        }
        for (ServicePort port : s.getSpec().getPorts()) {
            IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
            for (Workload w : backends) {
                boolean declared = w.containers().stream().anyMatch(c -> findPort(c, target).isPresent());
                if (!declared) {
                    problems.add(where + " port " + port.getName() + ": targetPort " + show(target)
                            + " is not a container port of " + w.name());
                }
            }
        }
    }

    /** A StatefulSet selects its own pods, names an existing headless Service, and probes declared ports. */
    private void checkStatefulSet(StatefulSet set) {
        String where = "StatefulSet/" + set.getMetadata().getName();
        Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
        if (!selects(set.getSpec().getSelector(), podLabels)) {
            problems.add(where + ": spec.selector does not match its pod template labels " + podLabels);
        }
        boolean headless = services.stream().anyMatch(s -> s.getMetadata().getName().equals(set.getSpec().getServiceName())
                && "None".equals(s.getSpec().getClusterIP()));
        if (!headless) {
            problems.add(where + ": serviceName " + set.getSpec().getServiceName() + " is not a headless Service here");
        }
        for (Container c : set.getSpec().getTemplate().getSpec().getContainers()) {
            probes(c).filter(p -> p.getHttpGet() != null && findPort(c, p.getHttpGet().getPort()).isEmpty())
                    .forEach(p -> problems.add(where + " container " + c.getName() + ": probe port "
                            + show(p.getHttpGet().getPort()) + " is not a container port"));
        }
    }

    private void checkServiceMonitor(ServiceMonitor sm) {
        String where = "ServiceMonitor/" + sm.getMetadata().getName();
        List<Service> selected = services.stream()
                .filter(s -> selects(sm.getSpec().getSelector(), s.getMetadata().getLabels())).toList();
        if (selected.isEmpty()) {
            problems.add(where + ": selects no Service");
        }
        for (Endpoint e : sm.getSpec().getEndpoints()) {
            boolean named = selected.stream().flatMap(s -> s.getSpec().getPorts().stream())
                    .anyMatch(p -> Objects.equals(p.getName(), e.getPort()));
            if (!named) {
                problems.add(where + ": endpoint port " + e.getPort() + " is not a port of a selected Service");
            }
        }
    }

    private void checkHpa(HorizontalPodAutoscaler hpa) {
        var ref = hpa.getSpec().getScaleTargetRef();
        boolean found = "Deployment".equals(ref.getKind())
                && deployments.stream().anyMatch(d -> d.getMetadata().getName().equals(ref.getName()));
        if (!found) {
            problems.add("HorizontalPodAutoscaler/" + hpa.getMetadata().getName() + ": scales "
                    + ref.getKind() + "/" + ref.getName() + ", which is not here");
        }
    }

    private void checkNetworkPolicy(NetworkPolicy np) {
        String where = "NetworkPolicy/" + np.getMetadata().getName();
        List<Workload> guarded = requirePods(where, np.getSpec().getPodSelector());
        for (NetworkPolicyIngressRule rule : orEmpty(np.getSpec().getIngress())) {
            for (NetworkPolicyPort port : orEmpty(rule.getPorts())) {
                for (Workload w : guarded) {
                    boolean declared = w.containers().stream().anyMatch(c -> findPort(c, port.getPort()).isPresent());
                    if (!declared) {
                        problems.add(where + ": ingress port " + show(port.getPort()) + " is not a container port of " + w.name());
                    }
                }
            }
        }
    }

    /** The workloads (Deployments and StatefulSets) whose pods {@code selector} selects; none is a problem. */
    private List<Workload> requirePods(String where, LabelSelector selector) {
        List<Workload> matched = workloads.stream().filter(w -> selects(selector, w.podLabels())).toList();
        if (matched.isEmpty()) {
            problems.add(where + ": selector matches no Deployment's pods");
        }
        return matched;
    }

    /** matchLabels only: every selector label must be on the pod; an empty selector selects nothing here. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            return false;
        }
        return selects(selector.getMatchLabels(), labels);
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static Optional<ContainerPort> findPort(Container c, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        return orEmpty(c.getPorts()).stream()
                .filter(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName())
                        : Objects.equals(port.getIntVal(), p.getContainerPort()))
                .findFirst();
    }

    private static Stream<Probe> probes(Container c) {
        return Stream.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe()).filter(Objects::nonNull);
    }

    private static String show(IntOrString port) {
        return port == null ? "null" : port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }

    private static String name(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
        return meta == null ? "?" : meta.getName();
    }

    static <T> List<T> ofType(List<Object> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
