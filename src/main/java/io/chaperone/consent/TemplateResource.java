package io.chaperone.consent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/templates}: session templates, readable by every role, defined by ops. */
@Path("/api/v1/templates")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TemplateResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Clock clock;
    @Inject
    AuditWriter audit;
    @Inject
    io.chaperone.household.Household household;
    @Inject
    TemplateUsage usage;
    @Inject
    io.chaperone.feedback.TemplateFeedback feedback;
    @ConfigProperty(name = "chaperone.consent.global-max-duration")
    Duration globalMax;

    @GET
    @WithSession
    public Uni<List<SessionTemplateView>> list() {
        current.get(); // every role may read; this refuses a token that names none (403 role_missing)
        return SessionTemplate.<SessionTemplate>list("order by name")
                .map(list -> list.stream().map(SessionTemplateView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<SessionTemplateView> get(@PathParam("id") UUID id, @QueryParam("homeId") UUID homeId) {
        current.get(); // as in list()
        Uni<SessionTemplate> template = SessionTemplate.<SessionTemplate>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("template"));
        if (homeId == null) {
            // Usage for every role; the feedback (residents' and technicians' words) for ops only.
            boolean ops = current.get().role() == io.chaperone.identity.Role.OPS;
            return template.chain(t -> usage.of(t.id).chain(u -> (ops ? feedback.of(t.id)
                    : Uni.createFrom().<io.chaperone.feedback.TemplateFeedback.Summary>nullItem())
                    .map(f -> SessionTemplateView.of(t, null, u, f))));
        }
        // For a member of the home: what the home's never-grant list takes away from this template there.
        return people.resident(current.get().require(io.chaperone.identity.Role.RESIDENT))
                .chain(me -> household.require(me.id, homeId, io.chaperone.household.Right.VIEW, "home"))
                .chain(ok -> template).chain(t -> removedBy(t, homeId).map(removed -> SessionTemplateView.of(t, removed)));
    }

    /** Entries touching the template's widest scope on any hub of the home, and reveal entries it does not redact anyway. */
    private static Uni<List<SessionTemplateView.RemovedEntry>> removedBy(SessionTemplate template, UUID homeId) {
        TemplateRules rules = TemplateRules.of(template);
        return io.chaperone.household.NeverGrantList.load(homeId).chain(never -> io.chaperone.home.Hub
                .<io.chaperone.home.Hub>list("homeId", homeId).chain(hubs -> {
                    Uni<List<io.chaperone.policy.Scope.Pair>> pairs = Uni.createFrom().item(new java.util.ArrayList<>());
                    for (io.chaperone.home.Hub hub : hubs) {
                        pairs = pairs.chain(all -> rules.widestOn(hub.id).map(w -> {
                            all.addAll(w.pairs());
                            return all;
                        }));
                    }
                    return pairs.map(all -> {
                        var widest = io.chaperone.policy.Scope.fromPairs(all, 0);
                        return never.entries().stream().filter(e -> e.dataClass != null
                                        ? !template.redactedByDefault().contains(e.dataClassValue())
                                        : new io.chaperone.household.NeverGrantList(List.of(e)).touching(widest).isPresent())
                                .map(e -> new SessionTemplateView.RemovedEntry(e.id, e.deviceId, e.operation, e.dataClass))
                                .toList();
                    });
                }));
    }

    @POST
    @WithTransaction
    public Uni<Response> create(@NotNull @Valid SessionTemplateSpec body) {
        Caller caller = current.get();
        return people.operator(caller)
                .map(operator -> SessionTemplate.define(body, globalMax, clock.instant()))
                .chain(template -> SessionTemplate.count("name", template.name).chain(existing -> existing > 0
                        ? Uni.createFrom().failure(ProblemException.conflict("template_exists",
                                "a template with this name already exists"))
                        : audit.commit(created(template, caller)).chain(seq -> template.<SessionTemplate>persist())
                                .call(t -> SessionTemplateVersion.of(t, caller.subject(), t.createdAt).persist())))
                .map(t -> Response.created(URI.create("/api/v1/templates/" + t.id))
                        .entity(SessionTemplateView.of(t)).build());
    }

    /**
     * A change: the body replaces the template's content as its next version (ops only, validated as a create). The
     * old version stays as it was; sessions requested under it keep being judged by it.
     */
    @PUT
    @Path("/{id}")
    @WithTransaction
    public Uni<SessionTemplateView> revise(@PathParam("id") UUID id, @NotNull @Valid SessionTemplateSpec body) {
        Caller caller = current.get();
        return people.operator(caller)
                .chain(operator -> SessionTemplate.<SessionTemplate>findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("template"))
                .chain(template -> SessionTemplate.count("name = ?1 and id <> ?2", body.name(), id).chain(clash -> {
                    if (clash > 0) {
                        throw ProblemException.conflict("template_exists", "a template with this name already exists");
                    }
                    template.revise(body, globalMax, clock.instant());
                    return audit.commit(revised(template, caller))
                            .chain(seq -> SessionTemplateVersion.of(template, caller.subject(), clock.instant()).persist())
                            .replaceWith(template);
                }))
                .map(SessionTemplateView::of);
    }

    private AuditRecord revised(SessionTemplate t, Caller caller) {
        AuditRecord c = created(t, caller);
        String detail = c.detail().substring(0, c.detail().length() - 1) + ",\"version\":" + t.version + "}";
        return new AuditRecord(t.id, t.id, clock.instant(), caller.subject(), AuditKind.TEMPLATE_REVISED,
                null, null, "revised", null, detail);
    }

    /** The template's own chain, committed before the row: what it allows (its stored JSON columns, verbatim). */
    private AuditRecord created(SessionTemplate template, Caller caller) {
        String detail = "{\"name\":" + JsonNodeFactory.instance.textNode(template.name) + ",\"ops\":" + template.ops
                + ",\"deviceKinds\":" + template.deviceKinds + ",\"redactionDefaults\":" + template.redactionDefaults
                + ",\"maxDurationMinutes\":" + template.maxDurationMinutes
                + ",\"expectedCommandRate\":" + template.expectedCommandRate + "}";
        return new AuditRecord(template.id, template.id, clock.instant(), caller.subject(), AuditKind.TEMPLATE_CREATED,
                null, null, "created", null, detail);
    }
}
