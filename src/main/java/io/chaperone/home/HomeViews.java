package io.chaperone.home;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The wire shapes of homes, hubs and devices (entities never leave the feature). */
public final class HomeViews {

    private HomeViews() {
    }

    public record HomeView(UUID id, String name, Instant createdAt) {
        static HomeView of(Home home) {
            return new HomeView(home.id, home.name, home.createdAt);
        }
    }

    public record HomeDetail(UUID id, String name, Instant createdAt, List<HubView> hubs) {
    }

    /** {@code quarantined}/{@code quarantineReason}: the hub failed attestation and why (docs/device-trust.md). */
    public record HubView(UUID id, String name, String model, String firmware, boolean online,
                          Instant lastSeenAt, Instant createdAt, boolean quarantined, String quarantineReason,
                          Instant attestedAt, List<DeviceView> devices) {
        static HubView of(Hub hub, List<Device> devices) {
            return new HubView(hub.id, hub.name, hub.model, hub.firmware, hub.online, hub.lastSeenAt, hub.createdAt,
                    hub.quarantined, hub.quarantineReason, hub.attestedAt, devices.stream().map(DeviceView::of).toList());
        }

        HubView withOnline(boolean online) {
            return new HubView(id, name, model, firmware, online, lastSeenAt, createdAt, quarantined, quarantineReason,
                    attestedAt, devices);
        }

        static List<HubView> of(List<Hub> hubs, Map<UUID, List<Device>> devices) {
            return hubs.stream().map(h -> of(h, devices.getOrDefault(h.id, List.of()))).toList();
        }
    }

    public record DeviceView(String id, String kind, String model, String firmware, String status, Instant updatedAt) {
        static DeviceView of(Device device) {
            return new DeviceView(device.key.deviceId(), device.kind, device.model, device.firmware, device.status,
                    device.updatedAt);
        }
    }
}
