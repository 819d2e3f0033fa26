package io.chaperone.relay;

import io.chaperone.protocol.InboundFrame.DeviceInfo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A connected hub: its outbox and the device list of its latest inventory (swapped, never mutated). */
public final class LiveHub {

    private final UUID hubId;
    private final UUID homeId;
    private final Outbox outbox;
    private volatile Map<String, DeviceInfo> devices = Map.of();

    LiveHub(UUID hubId, UUID homeId, Outbox outbox) {
        this.hubId = hubId;
        this.homeId = homeId;
        this.outbox = outbox;
    }

    public UUID hubId() { return hubId; }

    public UUID homeId() { return homeId; }

    public Outbox outbox() { return outbox; }

    public boolean knows(String deviceId) {
        return devices.containsKey(deviceId);
    }

    public List<DeviceInfo> devices() {
        return List.copyOf(devices.values());
    }

    void replaceDevices(List<DeviceInfo> inventory) {
        this.devices = inventory.stream().collect(Collectors.toUnmodifiableMap(DeviceInfo::id, d -> d, (a, b) -> b));
    }

    void updateStatus(String deviceId, String status) {
        DeviceInfo current = devices.get(deviceId);
        if (current == null) {
            return;
        }
        Map<String, DeviceInfo> next = new java.util.HashMap<>(devices);
        next.put(deviceId, new DeviceInfo(current.id(), current.kind(), current.model(), current.firmware(), status));
        this.devices = Map.copyOf(next);
    }
}
