package io.chaperone.home;

import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The hubs of all homes: creation (for enrollment, which gives the hub its device certificate), presence and
 * device inventory. The relay and enrollment call it; each method opens its own reactive session or joins the
 * caller's.
 */
@ApplicationScoped
public class HubDirectory {

    @Inject
    Clock clock;

    /**
     * Creates a hub of an existing home; {@code identity} sets how it proves itself (its enrolled certificate)
     * before it is persisted. Joins the caller's transaction.
     */
    @WithTransaction
    public Uni<Hub> createHub(UUID homeId, String name, String model, String firmware,
                              Consumer<Hub> identity) {
        return Home.<Home>findById(homeId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("home"))
                .chain(home -> {
                    Hub hub = new Hub();
                    hub.id = UUID.randomUUID();
                    hub.homeId = home.id;
                    hub.name = name;
                    hub.model = model;
                    hub.firmware = firmware;
                    hub.online = false;
                    hub.createdAt = clock.instant();
                    identity.accept(hub);
                    return hub.<Hub>persist();
                });
    }

    /** A hub that has not been removed, or empty. */
    @WithSession
    public Uni<Optional<Hub>> activeHub(UUID hubId) {
        return Hub.<Hub>find("id = ?1 and removedAt is null", hubId).firstResult().map(Optional::ofNullable);
    }

    /** Every hub that was not removed, online first, then the most recently seen, at most {@code limit}. */
    @WithSession
    public Uni<List<Hub>> allHubs(int limit) {
        return Hub.<Hub>find("removedAt is null order by online desc, lastSeenAt desc nulls last, id")
                .range(0, limit - 1).list();
    }

    @WithSession
    public Uni<List<Hub>> hubsOf(UUID homeId) {
        return Hub.list("homeId = ?1 and removedAt is null order by createdAt, id", homeId);
    }

    /** The home's hubs as a support ticket's parties see them (presence, trust, devices' id, kind and status). */
    @WithSession
    public Uni<List<HomeViews.TicketHubView>> ticketViewOf(UUID homeId) {
        return hubsOf(homeId).chain(hubs -> devicesOf(hubs.stream().map(h -> h.id).toList())
                .map(devices -> HomeViews.TicketHubView.of(hubs, devices)));
    }

    /** Devices of the given hubs, grouped by hub id (in the order of {@code hubIds}). */
    @WithSession
    public Uni<Map<UUID, List<Device>>> devicesOf(List<UUID> hubIds) {
        if (hubIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Device.<Device>list("key.hubId in ?1 order by key.deviceId", hubIds).map(devices -> {
            Map<UUID, List<Device>> byHub = new LinkedHashMap<>();
            hubIds.forEach(id -> byHub.put(id, new ArrayList<>()));
            devices.forEach(d -> byHub.get(d.key.hubId()).add(d));
            return byHub;
        });
    }

    /**
     * Makes the stored devices of a hub equal to its reported inventory: reported devices are
     * inserted or updated, devices no longer reported are deleted. A device id reported twice keeps
     * its last entry.
     */
    @WithTransaction
    public Uni<Void> replaceInventory(UUID hubId, List<DeviceInfo> inventory) {
        Map<String, DeviceInfo> reported = new LinkedHashMap<>();
        inventory.forEach(info -> reported.put(info.id(), info));
        Instant now = clock.instant();
        return Hub.<Hub>findById(hubId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("hub"))
                .chain(() -> Device.<Device>list("key.hubId", hubId))
                .chain(stored -> {
                    List<Uni<?>> writes = new ArrayList<>();
                    Map<String, Device> existing = new LinkedHashMap<>();
                    stored.forEach(d -> existing.put(d.key.deviceId(), d));
                    for (Device device : stored) {
                        if (!reported.containsKey(device.key.deviceId())) {
                            writes.add(device.delete());
                        }
                    }
                    for (DeviceInfo info : reported.values()) {
                        Device device = existing.get(info.id());
                        if (device == null) {
                            device = new Device();
                            device.key = new Device.Key(hubId, info.id());
                        }
                        device.kind = info.kind();
                        device.model = info.model();
                        device.firmware = info.firmware();
                        device.status = info.status();
                        device.updatedAt = now;
                        writes.add(device.persist());
                    }
                    return sequentially(writes);
                });
    }

    /** Records presence: whether the hub is connected and when it was last seen. */
    @WithTransaction
    public Uni<Void> markOnline(UUID hubId, boolean online, Instant at) {
        return Hub.update("online = ?1, lastSeenAt = ?2 where id = ?3", online, at, hubId)
                .invoke(updated -> {
                    if (updated == 0) {
                        throw ProblemException.notFound("hub");
                    }
                })
                .replaceWithVoid();
    }

    /** One reactive session allows one operation at a time, so the writes run one after another. */
    private static Uni<Void> sequentially(List<Uni<?>> writes) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Uni<?> write : writes) {
            chain = chain.chain(() -> write).replaceWithVoid();
        }
        return chain;
    }
}
