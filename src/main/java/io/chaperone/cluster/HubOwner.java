package io.chaperone.cluster;

import java.time.Instant;

/**
 * The node that holds a hub's socket: {@code epoch} counts the hub's connections (cluster-wide), {@code leaseUntil}
 * is the database time until which the claim stands (null in single-node mode, where nothing expires).
 */
public record HubOwner(String nodeId, long epoch, Instant leaseUntil, boolean local) {
}
