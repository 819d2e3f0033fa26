package io.chaperone.trust.device;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/** Measurement sets compared as canonical JSON (keys sorted), so a baseline equals evidence exactly or not at all. */
final class Baselines {

    private Baselines() {
    }

    static String canonical(Map<String, String> measurements) {
        JsonObject sorted = new JsonObject();
        new TreeMap<>(measurements).forEach(sorted::put);
        return sorted.encode();
    }
}
