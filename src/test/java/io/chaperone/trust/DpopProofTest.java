package io.chaperone.trust;

import io.chaperone.support.DpopKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DpopProof}: the pure checks, without a gateway. */
class DpopProofTest {

    private static final URI UPGRADE = URI.create("https://gw.example/ws/sessions/s-1");

    @Test
    void shouldTreatSyntaxVariantsOfTheUpgradeUrlAsTheSameResource() {
        assertTrue(DpopProof.sameResource("https://gw.example/ws/sessions/s-1", UPGRADE));
        assertTrue(DpopProof.sameResource("wss://GW.example:443/ws/sessions/s-1?ticket=x#y", UPGRADE));
        assertTrue(DpopProof.sameResource("http://gw.example:80/", URI.create("ws://gw.example")));
    }

    @Test
    void shouldTellOtherResourcesApart() {
        assertFalse(DpopProof.sameResource("http://gw.example/ws/sessions/s-1", UPGRADE), "scheme");
        assertFalse(DpopProof.sameResource("https://gw.example:8443/ws/sessions/s-1", UPGRADE), "port");
        assertFalse(DpopProof.sameResource("https://gw.example/ws/sessions/s-2", UPGRADE), "path");
        assertFalse(DpopProof.sameResource("https://gw.example/WS/sessions/s-1", UPGRADE), "path case");
        assertFalse(DpopProof.sameResource("https://user@gw.example/ws/sessions/s-1", UPGRADE), "user info");
        assertFalse(DpopProof.sameResource("ftp://gw.example/ws/sessions/s-1", UPGRADE), "other scheme");
        assertFalse(DpopProof.sameResource("/ws/sessions/s-1", UPGRADE), "relative");
        assertFalse(DpopProof.sameResource("https://gw example/", UPGRADE), "not a URI");
        assertFalse(DpopProof.sameResource("/x", URI.create("urn:x")), "two unusable URLs are not the same");
        assertFalse(DpopProof.sameResource("/x", null), "no usable request URL");
    }

    @Test
    void shouldReturnTheThumbprintJtiAndIatOfAValidProof() {
        DpopKey key = DpopKey.ed25519();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        String proof = key.sign(key.header(), DpopKey.claims("GET", UPGRADE.toString(), now, "j-1", "ticket"));

        DpopProof verified = DpopProof.verify(proof, new DpopProof.Target("GET", UPGRADE), Optional.of("ticket"), now,
                Duration.ofSeconds(60));

        assertEquals(new DpopProof(key.thumbprint(), "j-1", now), verified);
    }

    @Test
    void shouldRefuseAnEcKeyUnderEdDsa() {
        DpopKey key = DpopKey.ec();
        var header = new LinkedHashMap<>(key.header());
        header.put("alg", "EdDSA");
        Instant now = Instant.now();
        String proof = key.sign(key.header(), DpopKey.claims("GET", UPGRADE.toString(), now, "j-2", null));
        String relabelled = TicketJwt.encode(header) + proof.substring(proof.indexOf('.'));

        assertEquals(TicketFailure.PROOF_INVALID, assertThrows(TicketRejectedException.class,
                () -> DpopProof.verify(relabelled, new DpopProof.Target("GET", UPGRADE), Optional.empty(), now,
                        Duration.ofSeconds(60))).failure());
    }
}
