package io.chaperone.relay;

import io.chaperone.protocol.InboundFrame.DeviceInfo;
import io.chaperone.trust.device.Attestation;
import io.chaperone.trust.device.HubAdmission;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A connected hub: its outbox and the device list of its latest inventory (swapped, never mutated). */
public final class LiveHub implements HubView {

    private final UUID hubId;
    private final UUID homeId;
    private final Outbox outbox;
    private final HubAdmission.AdmittedHub admitted;
    /** Nonces in flight: one at connect, rarely a second (a session start's): sized for that, not the default 16. */
    private final Map<String, Consumer<Attestation.Verdict>> awaitingEvidence = new ConcurrentHashMap<>(2);
    private volatile Map<String, DeviceInfo> devices = Map.of();
    /** Attested in this connection and not quarantined since: only then do sessions open and commands flow. */
    private volatile boolean trusted;
    /** The Vert.x timer that closes this connection when its certificate expires; -1 before it is armed. */
    private volatile long expiryTimer = -1;

    LiveHub(HubAdmission.AdmittedHub admitted, Outbox outbox) {
        this.hubId = admitted.hubId();
        this.homeId = admitted.homeId();
        this.admitted = admitted;
        this.outbox = outbox;
    }

    public HubAdmission.AdmittedHub admitted() { return admitted; }

    @Override
    public boolean trusted() { return trusted; }

    void trusted(boolean trusted) { this.trusted = trusted; }

    void awaitEvidence(String nonce, Consumer<Attestation.Verdict> then) {
        awaitingEvidence.put(nonce, then);
    }

    /** The waiter of a nonce this connection was challenged with, removed; null for an unknown nonce. */
    Consumer<Attestation.Verdict> takeWaiter(String nonce) {
        return awaitingEvidence.remove(nonce);
    }

    long expiryTimer() { return expiryTimer; }

    void expiryTimer(long timerId) { this.expiryTimer = timerId; }

    @Override
    public UUID hubId() { return hubId; }

    @Override
    public UUID homeId() { return homeId; }

    public Outbox outbox() { return outbox; }

    @Override
    public boolean knows(String deviceId) {
        return devices.containsKey(deviceId);
    }

    /** The device as last reported, or null. */
    @Override
    public DeviceInfo device(String deviceId) {
        return devices.get(deviceId);
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.copyOf(devices.values());
    }

    void replaceDevices(List<DeviceInfo> inventory) {
        this.devices = inventory.stream().map(LiveHub::shared)
                .collect(Collectors.toUnmodifiableMap(DeviceInfo::id, d -> d, (a, b) -> b));
    }

    /**
     * The device with its kind, model, firmware and status as shared strings: thousands of idle hubs report the same
     * few values, and each decoded frame would otherwise keep its own copies for the life of the connection.
     */
    private static DeviceInfo shared(DeviceInfo d) {
        return new DeviceInfo(d.id(), intern(d.kind()), intern(d.model()), intern(d.firmware()), intern(d.status()));
    }

    private static String intern(String value) {
        return value == null ? null : value.intern();
    }

    void updateStatus(String deviceId, String status) {
        DeviceInfo current = devices.get(deviceId);
        if (current == null) {
            return;
        }
        Map<String, DeviceInfo> next = new java.util.HashMap<>(devices);
        next.put(deviceId, new DeviceInfo(current.id(), current.kind(), current.model(), current.firmware(), intern(status)));
        this.devices = Map.copyOf(next);
    }
}
