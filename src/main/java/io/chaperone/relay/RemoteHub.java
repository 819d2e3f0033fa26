package io.chaperone.relay;

import io.chaperone.protocol.InboundFrame.DeviceInfo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A hub held by another node, as its owner last described it (immutable; replaced on every view). */
record RemoteHub(UUID hubId, UUID homeId, boolean trusted, String epoch, Map<String, DeviceInfo> byId, long seenAt)
        implements HubView {

    static RemoteHub of(UUID hubId, UUID homeId, boolean trusted, String epoch, List<DeviceInfo> devices, long seenAt) {
        return new RemoteHub(hubId, homeId, trusted, epoch,
                devices.stream().collect(Collectors.toUnmodifiableMap(DeviceInfo::id, Function.identity(), (a, b) -> b)),
                seenAt);
    }

    RemoteHub seen(long at) {
        return new RemoteHub(hubId, homeId, trusted, epoch, byId, at);
    }

    @Override
    public boolean knows(String deviceId) {
        return byId.containsKey(deviceId);
    }

    @Override
    public DeviceInfo device(String deviceId) {
        return byId.get(deviceId);
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.copyOf(byId.values());
    }
}
