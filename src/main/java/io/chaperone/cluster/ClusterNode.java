package io.chaperone.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** This process's node id, fixed for its lifetime (configured, or host name + random suffix). */
@ApplicationScoped
public class ClusterNode {

    /** Safe as one NATS subject token and in a log line. */
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String id;

    @Inject
    ClusterNode(ClusterConfig config) {
        this.id = config.nodeId().map(ClusterNode::checked).orElseGet(ClusterNode::generated);
    }

    public String id() {
        return id;
    }

    static String checked(String configured) {
        if (!VALID.matcher(configured).matches()) {
            throw new IllegalArgumentException("chaperone.cluster.node-id must match " + VALID.pattern());
        }
        return configured;
    }

    static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        host = host.replaceAll("[^A-Za-z0-9_-]", "-");
        if (host.length() > 48) {
            host = host.substring(0, 48);
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return host + "-" + HexFormat.of().formatHex(random);
    }
}
