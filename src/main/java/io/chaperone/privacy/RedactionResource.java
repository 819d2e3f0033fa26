package io.chaperone.privacy;

import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SessionTransitions;
import io.chaperone.consent.StepUp;
import io.chaperone.consent.SupportSession;
import io.chaperone.consent.Transition;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.policy.DataClass;
import io.chaperone.policy.RedactionTally;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The resident's view and control of a session's redaction: the ledger (what was hidden: class, count, where, by
 * which rule; never a value) and revealing or hiding one data class while the session is live. Revealing needs
 * step-up like an approval; hiding never does (making things safer must always work). Both are audited (C1) and take
 * effect on the next frame (the live grant's redactor is swapped after the commit).
 */
@Path("/api/v1/sessions/{id}/redactions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RedactionResource {

    public record Ledger(UUID sessionId, Set<DataClass> revealed, long total, List<Entry> entries) {
    }

    public record Entry(String dataClass, String place, String rule, long count) {
    }

    public record ClassBody(String dataClass) {
    }

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    SessionTransitions transitions;
    @Inject
    StepUp stepUp;
    @Inject
    RedactionLedger ledger;
    @Inject
    Clock clock;

    @GET
    public Uni<Ledger> ledger(@PathParam("id") UUID id) {
        Caller caller = current.get();
        if (caller.is(Role.TECHNICIAN)) {
            throw ProblemException.notFound("session");
        }
        return access.actor(caller)
                .chain(actor -> Panache.withSession(() -> SupportSession.<SupportSession>findById(id)
                        .chain(s -> access.visible(s, actor))))
                .chain(session -> ledger.entries(id).map(entries -> {
                    List<Entry> out = entries.stream().map(RedactionResource::entry).toList();
                    return new Ledger(id, session.revealed(), out.stream().mapToLong(Entry::count).sum(), out);
                }));
    }

    @POST
    @Path("reveal")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Ledger> reveal(@PathParam("id") UUID id, ClassBody body) {
        Caller caller = resident();
        DataClass dataClass = dataClass(body);
        stepUp.require(caller, clock.instant());
        return change(id, caller, dataClass, true);
    }

    @POST
    @Path("hide")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Ledger> hide(@PathParam("id") UUID id, ClassBody body) {
        Caller caller = resident();
        DataClass dataClass = dataClass(body);
        return change(id, caller, dataClass, false);
    }

    private Uni<Ledger> change(UUID id, Caller caller, DataClass dataClass, boolean reveal) {
        return access.actor(caller)
                .chain(actor -> transitions.apply(id, new Transition.ChangeReveal(dataClass, reveal,
                        Transition.Decider.of(actor, caller)), actor))
                .chain(changed -> ledger(id));
    }

    private Caller resident() {
        Caller caller = current.get();
        if (!caller.is(Role.RESIDENT)) {
            throw ProblemException.notFound("session");
        }
        return caller;
    }

    private static DataClass dataClass(ClassBody body) {
        return body == null || body.dataClass() == null ? invalid()
                : DataClass.fromWire(body.dataClass()).orElseGet(RedactionResource::invalid);
    }

    private static DataClass invalid() {
        throw ProblemException.badRequest("unknown_data_class",
                "dataClass must be one of secret, personal, media, location, network");
    }

    private static Entry entry(RedactionTally.Entry e) {
        return new Entry(e.dataClass().wireName(), e.place().wireName(), e.rule().wireName(), e.count());
    }
}
