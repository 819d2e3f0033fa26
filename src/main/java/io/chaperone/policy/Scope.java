package io.chaperone.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a session may do: a versioned list of grants, each a set of devices × a set of operations.
 * Immutable; compared as the set of (device, operation) pairs it permits, so two scopes written
 * differently but permitting the same pairs are equal in {@link #pairs()}.
 */
public record Scope(int version, List<Grant> grants) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public Scope {
        Objects.requireNonNull(grants, "grants");
        grants = List.copyOf(grants);
    }

    public static Scope empty() {
        return new Scope(0, List.of());
    }

    /** One grant: every listed device may receive every listed operation. */
    public record Grant(Set<String> devices, Set<Operation> ops) {
        public Grant {
            devices = Set.copyOf(Objects.requireNonNull(devices, "devices"));
            ops = Set.copyOf(Objects.requireNonNull(ops, "ops"));
        }
    }

    /** A permitted (device, operation) pair. */
    public record Pair(String device, Operation op) {
    }

    public Set<Pair> pairs() {
        Set<Pair> pairs = new LinkedHashSet<>();
        for (Grant grant : grants) {
            for (String device : grant.devices()) {
                for (Operation op : grant.ops()) {
                    pairs.add(new Pair(device, op));
                }
            }
        }
        return pairs;
    }

    public boolean permits(String device, Operation op) {
        for (Grant grant : grants) {
            if (grant.devices().contains(device) && grant.ops().contains(op)) {
                return true;
            }
        }
        return false;
    }

    /** Not a property: without this Jackson writes "empty" and {@link #fromJson} then refuses it. */
    @JsonIgnore
    public boolean isEmpty() {
        return pairs().isEmpty();
    }

    public boolean isWithin(Scope wider) {
        return wider.pairs().containsAll(pairs());
    }

    /**
     * Only the read-only operations of this scope ({@link Operation#readOnly()}), same version: what an approval
     * without an explicit scope grants. Empty when the scope holds none.
     */
    public Scope readOnly() {
        Set<Pair> looking = new LinkedHashSet<>();
        for (Pair pair : pairs()) {
            if (pair.op().readOnly()) {
                looking.add(pair);
            }
        }
        return fromPairs(looking, version);
    }

    public Set<String> devices() {
        Set<String> devices = new TreeSet<>();
        grants.forEach(g -> devices.addAll(g.devices()));
        return devices;
    }

    /** This scope plus the other's pairs, at the given version; grants regrouped per device. */
    public Scope union(Scope other, int newVersion) {
        Set<Pair> all = new LinkedHashSet<>(pairs());
        all.addAll(other.pairs());
        return fromPairs(all, newVersion);
    }

    public Scope withVersion(int newVersion) {
        return new Scope(newVersion, grants);
    }

    /** Groups pairs into one grant per distinct operation set (stable, compact). */
    public static Scope fromPairs(Collection<Pair> pairs, int version) {
        Map<String, Set<Operation>> opsByDevice = new LinkedHashMap<>();
        for (Pair pair : pairs) {
            opsByDevice.computeIfAbsent(pair.device(), d -> new TreeSet<>()).add(pair.op());
        }
        Map<Set<Operation>, Set<String>> devicesByOps = new LinkedHashMap<>();
        opsByDevice.forEach((device, ops) -> devicesByOps.computeIfAbsent(ops, o -> new TreeSet<>()).add(device));
        List<Grant> grants = new ArrayList<>();
        devicesByOps.forEach((ops, devices) -> grants.add(new Grant(devices, ops)));
        return new Scope(version, grants);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scope cannot be written", e);
        }
    }

    public static Scope fromJson(String json) {
        try {
            return JSON.readValue(json, Scope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored scope is not readable");
        }
    }
}
