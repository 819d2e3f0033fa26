package io.chaperone.ops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Kubernetes YAML strictly: every document must be a known apiVersion/kind and every field must
 * exist in its model. fabric8's models swallow unknown fields into {@code additionalProperties} through
 * {@code @JsonAnySetter}; this mapper ignores that annotation, so a typo such as {@code replicaz} fails.
 */
final class StrictManifests {

    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("kustomize.config.k8s.io/v1beta1/Kustomization", Kustomization.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class));

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectMapper STRICT = YAMLMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private StrictManifests() {
    }

    /** Every non-empty YAML document in every *.yaml / *.yml file below {@code root}, in path order. */
    static List<ManifestDoc> parseTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            List<ManifestDoc> docs = new ArrayList<>();
            files.filter(StrictManifests::isYaml).sorted().forEach(f -> docs.addAll(parseFile(f)));
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ManifestDoc> parseFile(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static List<ManifestDoc> parse(Path origin, String yaml) {
        List<ManifestDoc> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    docs.add(new ManifestDoc(origin, index, node));
                }
                index++;
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + origin, e);
        }
    }

    /** The document as its model type; throws naming the document when its kind or a field is unknown. */
    static Object read(ManifestDoc doc) {
        Class<?> model = MODELS.get(doc.apiVersion() + "/" + doc.kind());
        if (model == null) {
            throw new IllegalArgumentException(doc + ": no model for " + doc.apiVersion() + " " + doc.kind());
        }
        return read(doc, model);
    }

    static <T> T read(ManifestDoc doc, Class<T> model) {
        try {
            return STRICT.treeToValue(doc.node(), model);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(doc + ": " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }
}
