package io.chaperone.relay;

import io.chaperone.protocol.InboundFrame.DeviceInfo;

import java.util.List;
import java.util.UUID;

/**
 * What a node knows of an online hub: its trust and its devices as last reported. The hub's own connection on this
 * node ({@link LiveHub}) is one; a cluster adds the view a hub's owner node publishes to the others.
 */
public interface HubView {

    UUID hubId();

    UUID homeId();

    /** Attested on its current connection and not quarantined since. */
    boolean trusted();

    boolean knows(String deviceId);

    /** The device as last reported, or null. */
    DeviceInfo device(String deviceId);

    List<DeviceInfo> devices();
}
