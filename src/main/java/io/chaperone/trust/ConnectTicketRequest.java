package io.chaperone.trust;

import jakarta.validation.constraints.Pattern;

/**
 * Optional body of {@code POST /sessions/{id}/tickets}: the RFC 7638 SHA-256 thumbprint of the
 * client's key (base64url, 43 characters; the last one carries only 4 significant bits).
 */
public record ConnectTicketRequest(
        @Pattern(regexp = "[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]",
                message = "must be an RFC 7638 SHA-256 thumbprint (43 base64url characters)")
        String keyThumbprint) {
}
