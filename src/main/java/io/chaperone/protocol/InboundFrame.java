package io.chaperone.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Frames the gateway receives, already validated against the v1 schema. */
public sealed interface InboundFrame {

    /** technician → gateway */
    record Command(String id, String device, String op, ObjectNode args) implements InboundFrame {
    }

    /** hub → gateway: the full device list, on connect and on change. */
    record Inventory(List<DeviceInfo> devices) implements InboundFrame {
    }

    record DeviceInfo(String id, String kind, String model, String firmware, String status) {
    }

    /**
     * hub → gateway: the outcome of a command. {@code raw} holds only its documented members (type, sid, id, ok,
     * data, configChange, error), unredacted: the relay redacts it before it goes anywhere.
     */
    record Result(String sid, String id, boolean ok, ObjectNode raw) implements InboundFrame {
    }

    /** hub → gateway: a streamed chunk of a command's output; {@code raw} holds type, sid, id and chunk only. */
    record Output(String sid, String id, ObjectNode raw) implements InboundFrame {
    }

    /**
     * hub → gateway: attestation evidence answering an {@code attest.challenge} (docs/device-trust.md).
     * {@code measurements} keeps the hub's order; the signature covers them sorted by name.
     */
    record Evidence(String nonce, String firmware, java.util.Map<String, String> measurements, String sig)
            implements InboundFrame {
    }

    /** hub → gateway: a device status change. */
    record DeviceEvent(String device, String status, ObjectNode raw) implements InboundFrame {
    }
}
