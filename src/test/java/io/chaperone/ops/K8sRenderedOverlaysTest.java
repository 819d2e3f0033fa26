package io.chaperone.ops;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders each overlay with {@code kubectl kustomize} (offline: no cluster is contacted) and runs the strict
 * model and wiring checks on the merged result, which is what a cluster would receive. Skipped, visibly,
 * when kubectl is not on the PATH; {@link K8sManifestsTest} covers the sources either way.
 */
class K8sRenderedOverlaysTest {

    @Test
    void shouldRenderEveryOverlayIntoStrictlyValidWiredObjects() throws Exception {
        Optional<Path> kubectl = Kubectl.find();
        assumeTrue(kubectl.isPresent(), "kubectl not on PATH: rendered overlays not checked");

        for (Path overlay : K8sManifestsTest.OVERLAYS) {
            // Given the overlay rendered by kustomize
            String expectedNamespace = KustomizeLayer.load(overlay).kustomization().getNamespace();
            List<ManifestDoc> rendered = StrictManifests.parse(overlay, Kubectl.kustomize(kubectl.get(), overlay));

            // When every object is read strictly and checked against the others
            List<Object> objects = rendered.stream().map(StrictManifests::read).toList();
            List<String> problems = WorkloadWiring.problems(objects);

            // Then the result is complete, wired, and lives in the overlay's namespace
            assertEquals(List.of(), problems, overlay.toString());
            assertEquals(22, rendered.size(), overlay + " renders the base (with NATS, its budget and policy), its seven secrets and the dashboard ConfigMap");
            rendered.forEach(d -> assertEquals(expectedNamespace, d.node().path("metadata").path("namespace").asText(),
                    d.toString()));
        }
    }
}
