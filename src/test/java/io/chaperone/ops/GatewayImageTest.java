package io.chaperone.ops;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image k8s/base/deployment.yaml runs (src/main/docker/Containerfile, ADR 0041) ships an AOT cache that the
 * Deployment's JVM can use: the cache is refused or partly unused when the JDK build, the directory or the GC and
 * heap flags differ between training and run, and no container runtime here can build the image to find out.
 */
class GatewayImageTest {

    private static final Path CONTAINERFILE = Path.of("src/main/docker/Containerfile");
    private static final Pattern STAGE = Pattern.compile("(?m)^FROM (\\S+)");
    private static final Pattern TRAINING_OPTIONS = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\"");
    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT \\[(.+)]$");

    @Test
    void shouldTrainTheCacheWithTheDeploymentsJvmOptions() throws IOException {
        // Given the Containerfile and the base Deployment's gateway container
        String file = Files.readString(CONTAINERFILE);
        Container gateway = gateway();

        // Then the training start runs with exactly the JAVA_TOOL_OPTIONS the pod gives the JVM
        Matcher training = TRAINING_OPTIONS.matcher(file);
        assertTrue(training.find(), "the training stage sets no JAVA_TOOL_OPTIONS");
        String deployed = gateway.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).findFirst()
                .orElseThrow().getValue();
        assertEquals(words(deployed), words(training.group(1)));
    }

    @Test
    void shouldTrainAndRunOnOneJdkInOneDirectory() throws IOException {
        // Given the Containerfile
        String file = Files.readString(CONTAINERFILE);

        // Then both stages start from the same base image (the cache is tied to the JDK build)
        List<String> stages = STAGE.matcher(file).results().map(m -> m.group(1)).toList();
        assertEquals(List.of("${BASE_IMAGE}", "${BASE_IMAGE}"), stages);
        // and the training writes the cache where the entry point reads it, beside the jar it was trained on
        assertTrue(file.contains("RUN bash /opt/chaperone/aot-cache.sh train /deployments\n"), "no training start");
        assertTrue(file.contains("COPY --from=train --chown=185:185 /deployments/quarkus-run.jar /deployments/app.aot /deployments/"));
        Matcher entry = ENTRYPOINT.matcher(file);
        assertTrue(entry.find(), "no ENTRYPOINT");
        assertEquals("\"java\", \"-XX:AOTCache=/deployments/app.aot\", \"-XX:AOTMode=auto\", \"-jar\", \"/deployments/quarkus-run.jar\"",
                entry.group(1));
        // and the image runs as the user the Deployment requires
        assertEquals(185L, one().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        assertTrue(file.endsWith("\"/deployments/quarkus-run.jar\"]\n") && file.contains("\nUSER 185\nEXPOSE"));
    }

    @Test
    void shouldBeTheImageTheDeploymentNames() throws IOException {
        assertEquals("chaperone-gateway", gateway().getImage());
        assertTrue(Files.readString(CONTAINERFILE).contains("-t chaperone-gateway ."));
    }

    private static Deployment one() {
        return K8sManifestsTest.one(K8sManifestsTest.baseObjects(), Deployment.class);
    }

    private static Container gateway() {
        return one().getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("gateway")).findFirst().orElseThrow();
    }

    private static List<String> words(String options) {
        return List.of(options.trim().split("\\s+"));
    }
}
