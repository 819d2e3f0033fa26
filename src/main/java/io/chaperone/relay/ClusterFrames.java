package io.chaperone.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.protocol.InboundFrame.DeviceInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The bodies of the relay's cross-node messages (docs/cluster.md "How a command crosses nodes"): small JSON objects. */
final class ClusterFrames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterFrames() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cluster message not serialisable", e);
        }
    }

    static ObjectNode read(byte[] data) {
        try {
            JsonNode node = JSON.readTree(data);
            return node instanceof ObjectNode object ? object : object();
        } catch (IOException e) {
            return object();
        }
    }

    /** What a hub's node tells the others about it: online, trusted, this connection's epoch, its devices. */
    static byte[] view(LiveHub hub, String epoch, boolean online, String node) {
        ObjectNode view = object().put("node", node).put("hubId", hub.hubId().toString()).put("homeId", hub.homeId().toString())
                .put("online", online).put("trusted", online && hub.trusted()).put("epoch", epoch);
        ArrayNode devices = view.putArray("devices");
        for (DeviceInfo d : hub.devices()) {
            devices.addObject().put("id", d.id()).put("kind", d.kind()).put("model", d.model())
                    .put("firmware", d.firmware()).put("status", d.status());
        }
        return bytes(view);
    }

    static List<DeviceInfo> devices(JsonNode view) {
        List<DeviceInfo> devices = new ArrayList<>();
        for (JsonNode d : view.path("devices")) {
            devices.add(new DeviceInfo(text(d, "id"), text(d, "kind"), text(d, "model"), text(d, "firmware"),
                    text(d, "status")));
        }
        return devices;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static UUID uuid(JsonNode node, String field) {
        try {
            String value = text(node, field);
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
