package io.chaperone.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/** One YAML document of a manifest file, with where it came from for readable failures. */
record ManifestDoc(Path file, int index, JsonNode node) {

    String apiVersion() {
        return node.path("apiVersion").asText("");
    }

    String kind() {
        return node.path("kind").asText("");
    }

    String name() {
        return node.path("metadata").path("name").asText("");
    }

    /** "Kind/name", how kustomize and these checks identify a resource. */
    String id() {
        return kind() + "/" + name();
    }

    @Override
    public String toString() {
        return file + "#" + index + " (" + id() + ")";
    }
}
