package io.chaperone.ops;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders each overlay with {@code kubectl kustomize} (offline: no cluster is contacted) and runs the strict
 * model and wiring checks on the merged result, which is what a cluster would receive. Skipped, visibly,
 * when kubectl is not on the PATH; {@link K8sManifestsTest} covers the sources either way.
 */
class K8sRenderedOverlaysTest {

    @Test
    void shouldRenderEveryOverlayIntoStrictlyValidWiredObjects() throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        assumeTrue(kubectl.isPresent(), "kubectl not on PATH: rendered overlays not checked");

        for (Path overlay : K8sManifestsTest.OVERLAYS) {
            // Given the overlay rendered by kustomize
            String expectedNamespace = KustomizeLayer.load(overlay).kustomization().getNamespace();
            List<ManifestDoc> rendered = StrictManifests.parse(overlay, render(kubectl.get(), overlay));

            // When every object is read strictly and checked against the others
            List<Object> objects = rendered.stream().map(StrictManifests::read).toList();
            List<String> problems = WorkloadWiring.problems(objects);

            // Then the result is complete, wired, and lives in the overlay's namespace
            assertEquals(List.of(), problems, overlay.toString());
            assertEquals(17, rendered.size(), overlay + " renders the base, its six secrets and the dashboard ConfigMap");
            rendered.forEach(d -> assertEquals(expectedNamespace, d.node().path("metadata").path("namespace").asText(),
                    d.toString()));
        }
    }

    private static String render(Path kubectl, Path overlay) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", overlay.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            assertTrue(done && p.exitValue() == 0, "kubectl kustomize " + overlay + " failed: " + Files.readString(err));
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }
}
