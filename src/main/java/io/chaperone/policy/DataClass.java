package io.chaperone.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/** Classes of sensitive data a hub tags in its output; redacted unless the resident reveals them. */
public enum DataClass {
    SECRET("secret"), PERSONAL("personal"), MEDIA("media"), LOCATION("location"), NETWORK("network");

    private final String wireName;

    DataClass(String wireName) { this.wireName = wireName; }

    @JsonValue
    public String wireName() { return wireName; }

    public static Optional<DataClass> fromWire(String name) {
        for (DataClass c : values()) {
            if (c.wireName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static DataClass fromJson(String name) {
        return fromWire(name).orElseThrow(() -> new IllegalArgumentException("unknown data class"));
    }
}
