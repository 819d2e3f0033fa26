package io.chaperone.trust.device;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** How a hub certificate names its hub: the SAN URI {@code urn:chaperone:hub:<uuid>} (the CN repeats it). */
public final class HubCertificates {

    static final String PREFIX = "urn:chaperone:hub:";
    private static final int SAN_URI = 6;

    private HubCertificates() {
    }

    public static String uriOf(UUID hubId) {
        return PREFIX + hubId;
    }

    /** The hub named by the certificate's single hub SAN URI; empty when there is none, several, or a malformed one. */
    public static Optional<UUID> hubId(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            UUID found = null;
            for (List<?> name : names) {
                if (name.size() == 2 && Integer.valueOf(SAN_URI).equals(name.get(0))
                        && name.get(1) instanceof String uri && uri.startsWith(PREFIX)) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    found = UUID.fromString(uri.substring(PREFIX.length()));
                }
            }
            return Optional.ofNullable(found);
        } catch (CertificateParsingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The serial as stored: lowercase hex. */
    public static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}
