package io.chaperone.ops;

import io.fabric8.kubernetes.api.model.kustomize.v1beta1.ConfigMapArgs;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Patch;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.SecretArgs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A kustomization directory without running kustomize: its strict {@link Kustomization}, the resources it
 * pulls in (following directories recursively) and its patches, plus the checks the test needs on them.
 */
record KustomizeLayer(Path dir, Kustomization kustomization) {

    static final String FILE = "kustomization.yaml";

    static KustomizeLayer load(Path dir) {
        List<ManifestDoc> docs = StrictManifests.parseFile(dir.resolve(FILE));
        if (docs.size() != 1) {
            throw new IllegalArgumentException(dir.resolve(FILE) + ": expected one document, found " + docs.size());
        }
        return new KustomizeLayer(dir, StrictManifests.read(docs.getFirst(), Kustomization.class));
    }

    /** Every path this kustomization names (resources, patches, generator inputs) that does not exist. */
    List<String> missingReferences() {
        Kustomization k = kustomization;
        List<String> named = new ArrayList<>();
        named.addAll(orEmpty(k.getResources()));
        named.addAll(orEmpty(k.getComponents()));
        named.addAll(orEmpty(k.getPatchesStrategicMerge()));
        Stream.concat(orEmpty(k.getPatches()).stream(), orEmpty(k.getPatchesJson6902()).stream())
                .map(Patch::getPath).filter(Objects::nonNull).forEach(named::add);
        for (ConfigMapArgs g : orEmpty(k.getConfigMapGenerator())) {
            orEmpty(g.getFiles()).forEach(f -> named.add(generatorSource(f)));
            orEmpty(g.getEnvs()).forEach(named::add);
        }
        for (SecretArgs g : orEmpty(k.getSecretGenerator())) {
            orEmpty(g.getFiles()).forEach(f -> named.add(generatorSource(f)));
            orEmpty(g.getEnvs()).forEach(named::add);
        }
        List<String> missing = new ArrayList<>();
        for (String ref : named) {
            Path p = dir.resolve(ref).normalize();
            if (Files.isDirectory(p) ? !Files.isRegularFile(p.resolve(FILE)) : !Files.isRegularFile(p)) {
                missing.add(dir.resolve(FILE) + " -> " + ref);
            }
        }
        return missing;
    }

    /** The resources this layer renders before its patches: files, nested layers, generated objects. */
    List<ManifestDoc> resources() {
        List<ManifestDoc> docs = new ArrayList<>();
        for (String ref : orEmpty(kustomization.getResources())) {
            Path p = dir.resolve(ref).normalize();
            if (Files.isDirectory(p)) {
                docs.addAll(load(p).resources());
            } else {
                docs.addAll(StrictManifests.parseFile(p));
            }
        }
        docs.addAll(generated());
        return docs;
    }

    /** This layer's patch documents (strategic-merge files named by {@code patches[].path}). */
    List<ManifestDoc> patchDocs() {
        List<ManifestDoc> docs = new ArrayList<>();
        orEmpty(kustomization.getPatches()).stream().map(Patch::getPath).filter(Objects::nonNull)
                .forEach(path -> docs.addAll(StrictManifests.parseFile(dir.resolve(path))));
        orEmpty(kustomization.getPatchesStrategicMerge())
                .forEach(path -> docs.addAll(StrictManifests.parseFile(dir.resolve(path))));
        return docs;
    }

    /** Patches whose target (explicit {@code target}, else the patch's own kind and name) is not a resource. */
    List<String> untargetedPatches() {
        Set<String> ids = resources().stream().map(ManifestDoc::id).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (Patch patch : orEmpty(kustomization.getPatches())) {
            if (patch.getTarget() != null) {
                String id = patch.getTarget().getKind() + "/" + patch.getTarget().getName();
                if (!ids.contains(id)) {
                    problems.add(dir.resolve(FILE) + ": patch target " + id + " is not a resource of this layer");
                }
            }
        }
        for (ManifestDoc patch : patchDocs()) {
            if (!ids.contains(patch.id())) {
                problems.add(patch + " patches " + patch.id() + ", which is not a resource of this layer");
            }
        }
        return problems;
    }

    /** Stand-ins for generated ConfigMaps/Secrets so patches and references to them can be checked. */
    private List<ManifestDoc> generated() {
        List<ManifestDoc> docs = new ArrayList<>();
        for (ConfigMapArgs g : orEmpty(kustomization.getConfigMapGenerator())) {
            docs.add(stub("ConfigMap", g.getName()));
        }
        for (SecretArgs g : orEmpty(kustomization.getSecretGenerator())) {
            docs.add(stub("Secret", g.getName()));
        }
        return docs;
    }

    private ManifestDoc stub(String kind, String name) {
        String yaml = "apiVersion: v1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n";
        return StrictManifests.parse(dir.resolve(FILE), yaml).getFirst();
    }

    /** A generator file entry is "path" or "key=path". */
    private static String generatorSource(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(eq + 1);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
