package io.chaperone.receipt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.integrity.AuditChains;
import io.chaperone.audit.integrity.ChainRow;
import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.UUID;

/**
 * The resident's consent receipts of a session (docs/api.md "Consent receipts"): list, one (the file the offline
 * verifier takes), and the gateway's own check of one against its signature and the session's audit chain.
 */
@Path("/api/v1/sessions/{id}/receipts")

@RolesAllowed("resident")
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    AuditChains chains;

    @GET
    public Uni<List<ReceiptView>> list(@PathParam("id") UUID id) {
        return visible(id).chain(session -> Panache.withSession(() -> ConsentReceipt.<ConsentReceipt>list("sessionId",
                Sort.by("issuedAt").and("id"), session.id))).map(all -> all.stream().map(ReceiptView::of).toList());
    }

    @GET
    @Path("{rid}")
    public Uni<ReceiptView> one(@PathParam("id") UUID id, @PathParam("rid") UUID rid) {
        return receipt(id, rid).map(ReceiptView::of);
    }

    @GET
    @Path("{rid}/verify")
    public Uni<ReceiptView.Check> verify(@PathParam("id") UUID id, @PathParam("rid") UUID rid) {
        return receipt(id, rid).chain(receipt -> chains.keys().chain(keys -> chains.verify(receipt.sessionId)
                .chain(verification -> chains.rows(receipt.sessionId).map(rows -> {
                    String kid = ReceiptSigning.keyIdOf(receipt.jws);
                    PublicKey key = kid == null ? null : keys.get(kid);
                    boolean signature = key != null && ReceiptSigning.verifies(receipt.jws, key);
                    String actual = ReceiptSigning.hashOf(receipt.jws);
                    boolean hash = actual.equals(receipt.hash);
                    boolean inChain = chained(rows, receipt.id, actual);
                    return new ReceiptView.Check(receipt.id, signature, hash, inChain, verification.valid(),
                            signature && hash && inChain && verification.valid());
                }))));
    }

    /** Whether the chain holds a consent.receipt record of this receipt with exactly this hash. */
    static boolean chained(List<ChainRow> rows, UUID receiptId, String hash) {
        for (ChainRow row : rows) {
            var r = row.record();
            if (AuditKind.CONSENT_RECEIPT.wireName().equals(r.kind()) && receiptId.toString().equals(r.correlationId())
                    && r.detail() != null && hash.equals(detailHash(r.detail()))) {
                return true;
            }
        }
        return false;
    }

    private static String detailHash(String detail) {
        try {
            return JSON.readTree(detail).path("receiptHash").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private Uni<ConsentReceipt> receipt(UUID id, UUID rid) {
        return visible(id).chain(session -> Panache.withSession(() -> ConsentReceipt.<ConsentReceipt>findById(rid)))
                .map(r -> {
                    if (r == null || !r.sessionId.equals(id)) {
                        throw ProblemException.notFound("receipt");
                    }
                    return r;
                });
    }

    private Uni<SupportSession> visible(UUID id) {
        return access.actor(current.get()).chain(actor -> Panache.withSession(() ->
                SupportSession.<SupportSession>findById(id).chain(s -> access.visible(s, actor))));
    }

}
