package io.chaperone.home;

/** One device as a hub reports it in its inventory ({@code id} is unique per hub). */
public record DeviceInfo(String id, String kind, String model, String firmware, String status) {

    public DeviceInfo {
        requireText(id, "id");
        requireText(kind, "kind");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("device " + field + " is required");
        }
    }
}
