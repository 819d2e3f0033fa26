package io.chaperone.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * The subject names of the cluster (docs/cluster.md): {@code <prefix>.hub.<hubId>} for what goes to the node that
 * holds a hub, {@code <prefix>.session.<sessionId>} for what goes to the node of a session's technician,
 * {@code <prefix>.home.<homeId>} for a home's watchers, {@code <prefix>.node.<nodeId>} for one node.
 */
@ApplicationScoped
public class ClusterSubjects {

    private final String prefix;

    @Inject
    ClusterSubjects(ClusterConfig config) {
        this(config.subjectPrefix());
    }

    public ClusterSubjects(String prefix) {
        if (!prefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw new IllegalArgumentException("chaperone.cluster.subject-prefix must be dot-separated tokens");
        }
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String hub(UUID hubId) {
        return prefix + ".hub." + hubId;
    }

    public String session(UUID sessionId) {
        return prefix + ".session." + sessionId;
    }

    public String home(UUID homeId) {
        return prefix + ".home." + homeId;
    }

    public String node(String nodeId) {
        return prefix + ".node." + nodeId;
    }

    /** A subject of its own below this deployment's prefix, e.g. {@code named("revocations")}. */
    public String named(String suffix) {
        return prefix + "." + suffix;
    }
}
