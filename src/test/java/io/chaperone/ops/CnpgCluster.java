package io.chaperone.ops;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.Map;
import java.util.Set;

/**
 * The part of CloudNativePG's {@code Cluster} (postgresql.cnpg.io/v1) that Chaperone uses, as a strict
 * schema: fabric8 has no model for it, so these records are read with unknown fields failing. Every field
 * is optional because overlay patches are partial documents; required values are asserted by the test.
 */
record CnpgCluster(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

    record Spec(Integer instances, String imageName, String primaryUpdateStrategy, Postgresql postgresql,
                Managed managed, Bootstrap bootstrap, Storage storage, ResourceRequirements resources,
                Affinity affinity) {
        Spec {
            oneOf("primaryUpdateStrategy", primaryUpdateStrategy, Set.of("unsupervised", "supervised"));
            if (instances != null && instances < 1) {
                throw new IllegalArgumentException("instances must be at least 1, was " + instances);
            }
        }
    }

    record Postgresql(Map<String, String> parameters, Synchronous synchronous) {
    }

    record Synchronous(String method, Integer number, String dataDurability) {
        Synchronous {
            oneOf("synchronous.method", method, Set.of("any", "first"));
            oneOf("synchronous.dataDurability", dataDurability, Set.of("required", "preferred"));
        }
    }

    record Managed(java.util.List<Role> roles) {
    }

    record Role(String name, String ensure, Boolean login, String comment, LocalObjectReference passwordSecret) {
        Role {
            oneOf("managed.roles.ensure", ensure, Set.of("present", "absent"));
        }
    }

    record Bootstrap(InitDb initdb) {
    }

    record InitDb(String database, String owner, LocalObjectReference secret) {
    }

    record Storage(Quantity size, String storageClass) {
    }

    record Affinity(Boolean enablePodAntiAffinity, String topologyKey, String podAntiAffinityType) {
        Affinity {
            oneOf("affinity.podAntiAffinityType", podAntiAffinityType, Set.of("preferred", "required"));
        }
    }

    private static void oneOf(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed + ", was " + value);
        }
    }
}
