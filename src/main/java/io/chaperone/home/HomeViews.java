package io.chaperone.home;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The wire shapes of homes, hubs and devices (entities never leave the feature). */
public final class HomeViews {

    private HomeViews() {
    }

    /** {@code erasedAt}: when the home's personal data was erased (docs/privacy.md), null before. */
    public record HomeView(UUID id, String name, Instant createdAt, Instant erasedAt) {
        static HomeView of(Home home) {
            return new HomeView(home.id, home.name, home.createdAt, home.erasedAt);
        }
    }

    public record HomeDetail(UUID id, String name, Instant createdAt, Instant erasedAt, List<HubView> hubs) {
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

    /**
     * A hub as the technicians of a ticket's provider see it ({@code GET /tickets/{id}/hubs}): presence, trust and the
     * devices' id, kind and status, as the session frame shows them; model and firmware stay with the resident.
     */
    public record TicketHubView(UUID id, String name, boolean online, boolean quarantined,
                                List<TicketDeviceView> devices) {
        static List<TicketHubView> of(List<Hub> hubs, Map<UUID, List<Device>> devices) {
            return hubs.stream().map(h -> new TicketHubView(h.id, h.name, h.online, h.quarantined,
                    devices.getOrDefault(h.id, List.of()).stream()
                            .map(d -> new TicketDeviceView(d.key.deviceId(), d.kind, d.status)).toList())).toList();
        }
    }

    public record TicketDeviceView(String id, String kind, String status) {
    }
}
