package io.chaperone.trust.device;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code chaperone.devices.*}: the device CA, enrollment and the hub listener (docs/device-trust.md). */
@ConfigMapping(prefix = "chaperone.devices")
public interface DevicesConfig {

    /** PEM certificate of the device CA; also the hub listener's trust store. */
    String caCertLocation();

    /** PEM (PKCS#8) private key of the device CA. */
    String caKeyLocation();

    /** PEM certificate of the HTTPS listener hubs connect to (read by the TLS registry, {@code quarkus.tls.hubs}). */
    String serverCertLocation();

    /** PEM (PKCS#8) key of the HTTPS listener. */
    String serverKeyLocation();

    /** How long a claim code can be used. */
    @WithDefault("PT15M")
    Duration claimLifetime();

    /** Validity of a hub certificate. */
    @WithDefault("P365D")
    Duration certificateLifetime();

    /**
     * Addresses of TLS-terminating proxies whose {@code X-Forwarded-Client-Cert} header (URL-encoded PEM) is
     * believed. Empty (the default): the header is ignored and hubs must present their certificate themselves.
     */
    Optional<List<String>> trustedProxies();

    /** How long an attestation nonce is valid. */
    @WithDefault("PT30S")
    Duration nonceLifetime();
}
