package io.chaperone.privacy;

import io.chaperone.policy.Scope;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Pseudonyms for the device ids of an erased home: {@code erased-} and 16 hex digits of HMAC-SHA256(hub id ‖
 * device id) under a key drawn for this one erasure and never stored. The same device keeps one pseudonym
 * across the rows of the erasure (inventory and scopes still read consistently), but nobody, the gateway
 * included, can map it back, try candidate ids against it, or link it to a device of another home.
 */
final class DevicePseudonyms {

    static final String PREFIX = "erased-";
    private static final HexFormat HEX = HexFormat.of();

    private final Mac mac;

    DevicePseudonyms(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    String of(UUID hubId, String deviceId) {
        mac.update(hubId.toString().getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(deviceId.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HEX.formatHex(digest, 0, 8);
    }

    /** The stored scope JSON of a session on {@code hubId} with every device id replaced; null stays null. */
    String scope(UUID hubId, String json) {
        if (json == null) {
            return null;
        }
        Scope scope = Scope.fromJson(json);
        return new Scope(scope.version(), scope.grants().stream()
                .map(grant -> new Scope.Grant(grant.devices().stream().map(device -> of(hubId, device))
                        .collect(Collectors.toSet()), grant.ops()))
                .toList()).toJson();
    }
}
