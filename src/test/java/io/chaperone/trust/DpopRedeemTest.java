package io.chaperone.trust;

import io.chaperone.consent.SessionState;
import io.chaperone.support.DpopKey;
import io.chaperone.support.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link ConnectTickets#redeem} of a key-bound ticket: the DPoP proof must be one, well-formed, signed by
 * the bound key, for this method, URL and ticket, made within the skew, and never seen before. A refused
 * proof never spends the ticket.
 */
@QuarkusTest
class DpopRedeemTest {

    private static final String GATEWAY = "http://127.0.0.1:8081";
    private static final Duration SKEW = Duration.ofSeconds(60);

    @Inject
    SessionFixture fixture;
    @Inject
    MutableClock clock;
    @Inject
    ConnectTickets tickets;
    @Inject
    Pool pool;

    private final DpopKey key = DpopKey.ec();
    private Instant now;
    private SessionFixture.Session session;

    @BeforeEach
    void pinClock() {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.pin(now);
        session = fixture.session(SessionState.approved, Instant.now().plus(Duration.ofHours(1)));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldRedeemBoundTicketWithAProofOfItsKeyAndRecordTheJti() {
        String ticket = bound(key);
        String jti = UUID.randomUUID().toString();

        RedeemedTicket redeemed = redeem(ticket, key.sign(key.header(), claims("GET", socketUrl(), now, jti, ticket)));

        assertEquals(session.id(), redeemed.sessionId());
        assertNotNull(fixture.record(jti(ticket)).usedAt);
        assertEquals(1, proofRows(key.thumbprint(), jti));
    }

    @Test
    void shouldRedeemBoundTicketWithAnEd25519Proof() {
        DpopKey ed = DpopKey.ed25519();
        String ticket = bound(ed);

        assertEquals(session.id(), redeem(ticket, ed.proof("GET", socketUrl(), ticket)).sessionId());
    }

    @Test
    void shouldAcceptWsSchemeUpperCaseAndAQueryAsTheSameUrl() {
        String ticket = bound(key);
        String htu = "WS://127.0.0.1:8081/ws/sessions/" + session.id() + "?x=1#f";

        assertEquals(session.id(), redeem(ticket, key.proof("GET", htu, ticket)).sessionId());
    }

    @Test
    void shouldRefuseBoundTicketWithoutProof() {
        String ticket = bound(key);

        assertEquals(TicketFailure.PROOF_REQUIRED, refusal(ticket, List.of()));
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldRefuseAProofSignedByAnotherKey() {
        String ticket = bound(key);
        DpopKey other = DpopKey.ec();

        assertEquals(TicketFailure.KEY_MISMATCH, refusal(ticket, other.proof("GET", socketUrl(), ticket)));
        assertEquals(TicketFailure.PROOF_INVALID, refusal(ticket,
                other.sign(key.header(), claims("GET", socketUrl(), now, UUID.randomUUID().toString(), ticket))));
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldRefuseAProofForAnotherMethodOrUrl() {
        String ticket = bound(key);

        assertEquals(TicketFailure.PROOF_WRONG_TARGET, refusal(ticket, key.proof("POST", socketUrl(), ticket)));
        assertEquals(TicketFailure.PROOF_WRONG_TARGET, refusal(ticket, key.proof("get", socketUrl(), ticket)));
        assertEquals(TicketFailure.PROOF_WRONG_TARGET, refusal(ticket,
                key.proof("GET", GATEWAY + "/api/v1/sessions/" + session.id() + "/tickets", ticket)));
        assertEquals(TicketFailure.PROOF_WRONG_TARGET, refusal(ticket,
                key.proof("GET", "http://evil.example:8081/ws/sessions/" + session.id(), ticket)));
        assertEquals(TicketFailure.PROOF_WRONG_TARGET, refusal(ticket,
                key.proof("GET", "https://127.0.0.1:8081/ws/sessions/" + session.id(), ticket)));
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldAcceptIatExactlyAtEitherEdgeOfTheWindow() {
        String early = bound(key);
        String late = bound(key);

        assertEquals(session.id(), redeem(early, proofAt(now.minus(SKEW), early)).sessionId());
        assertEquals(session.id(), redeem(late, proofAt(now.plus(SKEW), late)).sessionId());
    }

    @Test
    void shouldRefuseIatOneSecondOutsideTheWindow() {
        String ticket = bound(key);

        assertEquals(TicketFailure.PROOF_STALE, refusal(ticket, proofAt(now.minus(SKEW).minusSeconds(1), ticket)));
        assertEquals(TicketFailure.PROOF_STALE, refusal(ticket, proofAt(now.plus(SKEW).plusSeconds(1), ticket)));
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldRefuseAReplayedJtiEvenForAnotherTicket() {
        String first = bound(key);
        String second = bound(key);
        String jti = UUID.randomUUID().toString();
        redeem(first, key.sign(key.header(), claims("GET", socketUrl(), now, jti, first)));

        assertEquals(TicketFailure.PROOF_REPLAYED,
                refusal(second, key.sign(key.header(), claims("GET", socketUrl(), now, jti, second))));
        assertNull(fixture.record(jti(second)).usedAt);
    }

    @Test
    void shouldRefuseAProofBoundToAnotherTicketOrToNone() {
        String ticket = bound(key);
        String other = bound(key);

        assertEquals(TicketFailure.PROOF_WRONG_TICKET, refusal(ticket, key.proof("GET", socketUrl(), other)));
        assertEquals(TicketFailure.PROOF_WRONG_TICKET, refusal(ticket, key.proof("GET", socketUrl(), null)));
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldRefuseMalformedProofs() {
        String ticket = bound(key);
        Map<String, Object> claims = claims("GET", socketUrl(), now, UUID.randomUUID().toString(), ticket);
        Map<String, Object> wrongTyp = new LinkedHashMap<>(key.header());
        wrongTyp.put("typ", "JWT");
        Map<String, Object> wrongAlg = new LinkedHashMap<>(key.header());
        wrongAlg.put("alg", "RS256");
        Map<String, Object> noKey = new LinkedHashMap<>(key.header());
        noKey.remove("jwk");
        String valid = key.sign(key.header(), claims);
        String unsigned = valid.substring(0, valid.lastIndexOf('.') + 1);

        for (String bad : List.of(key.sign(wrongTyp, claims), reheader(valid, wrongAlg), key.sign(noKey, claims),
                unsigned, "not.a.proof", "x".repeat(5000))) {
            assertEquals(TicketFailure.PROOF_INVALID, refusal(ticket, bad), bad);
        }
        assertEquals(TicketFailure.PROOF_INVALID, refusal(ticket, List.of(valid, valid)), "two proofs");
        assertNull(fixture.record(jti(ticket)).usedAt);
    }

    @Test
    void shouldIgnoreAProofPresentedWithAnUnboundTicket() {
        String ticket = fixture.connectTicket(session, Optional.empty());

        assertEquals(session.id(), redeem(ticket, "garbage").sessionId());
    }

    private String bound(DpopKey client) {
        return fixture.connectTicket(session, Optional.of(client.thumbprint()));
    }

    private String socketUrl() {
        return GATEWAY + "/ws/sessions/" + session.id();
    }

    private String proofAt(Instant iat, String ticket) {
        return key.sign(key.header(), claims("GET", socketUrl(), iat, UUID.randomUUID().toString(), ticket));
    }

    private static Map<String, Object> claims(String htm, String htu, Instant iat, String jti, String ticket) {
        return DpopKey.claims(htm, htu, iat, jti, ticket);
    }

    private PresentedProof presented(List<String> proofs) {
        return new PresentedProof(proofs, new DpopProof.Target("GET", URI.create(socketUrl())));
    }

    private RedeemedTicket redeem(String ticket, String proof) {
        return tickets.redeem(ticket, session.id(), presented(List.of(proof))).await().atMost(Duration.ofSeconds(10));
    }

    private TicketFailure refusal(String ticket, String proof) {
        return refusal(ticket, List.of(proof));
    }

    private TicketFailure refusal(String ticket, List<String> proofs) {
        return assertThrows(TicketRejectedException.class, () -> tickets.redeem(ticket, session.id(), presented(proofs))
                .await().atMost(Duration.ofSeconds(10))).failure();
    }

    private long proofRows(String thumbprint, String jti) {
        return pool.preparedQuery("SELECT count(*) FROM dpop_proofs WHERE key_thumbprint = $1 AND jti = $2")
                .execute(Tuple.of(thumbprint, jti)).map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** The proof with another header over the same payload and signature. */
    private static String reheader(String proof, Map<String, Object> header) {
        return TicketJwt.encode(header) + proof.substring(proof.indexOf('.'));
    }

    private static String jti(String ticket) {
        return (String) TicketJwt.claims(ticket).get("jti");
    }
}
