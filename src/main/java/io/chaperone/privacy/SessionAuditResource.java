package io.chaperone.privacy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chaperone.audit.AuditKind;
import io.chaperone.consent.Actor;
import io.chaperone.consent.SessionAccess;
import io.chaperone.consent.SupportSession;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/sessions/{id}/audit}: a session's audit events, read-only (there is no write endpoint
 * for events anywhere). The home's resident and the session's technician see details decrypted; ops see
 * metadata only; anyone else gets 404 like for an unknown session.
 */
@Path("/api/v1/sessions/{id}/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SessionAuditResource {

    static final int MAX_SIZE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode ERASED = JsonNodeFactory.instance.objectNode().put("erased", true);
    static final JsonNode UNREADABLE = JsonNodeFactory.instance.objectNode().put("unreadable", true);

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    Pool pool;
    @Inject
    AuditDetails details;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(UUID chainId, long seq, Instant at, String actor, String kind, String device, String op,
                            String outcome, String correlationId, JsonNode detail) {
    }

    public record EventPage(UUID sessionId, int page, int size, long total, List<EventView> events) {
    }

    @GET
    public Uni<EventPage> events(@PathParam("id") UUID id, @QueryParam("kind") String kind,
                                 @QueryParam("device") String device,
                                 @QueryParam("page") @DefaultValue("0") int page,
                                 @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw ProblemException.badRequest("invalid_page", "page must be >= 0 and size between 1 and " + MAX_SIZE);
        }
        if (kind != null && AuditKind.fromWireName(kind).isEmpty()) {
            throw ProblemException.badRequest("unknown_kind", "no audit event kind is called that");
        }
        return access.actor(current.get())
                .chain(actor -> Panache.withSession(() -> SupportSession.<SupportSession>findById(id)
                        .chain(s -> access.visible(s, actor)))
                        .chain(session -> read(session, actor, kind, device, page, size)));
    }

    private Uni<EventPage> read(SupportSession session, Actor actor, String kind, String device, int page, int size) {
        String where = " FROM audit_events WHERE chain_id = $1 AND home_id = $2"
                + " AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR device = $4)";
        Tuple filter = Tuple.of(session.id, session.homeId, kind, device);
        Uni<Long> total = pool.preparedQuery("SELECT count(*)" + where).execute(filter)
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<StoredEvent>> rows = pool.preparedQuery("SELECT " + StoredEvent.COLUMNS + where
                        + " ORDER BY seq LIMIT $5 OFFSET $6")
                .execute(Tuple.of(session.id, session.homeId, kind, device).addInteger(size).addLong((long) page * size))
                .map(set -> {
                    List<StoredEvent> list = new ArrayList<>();
                    for (Row row : set) {
                        list.add(StoredEvent.of(row, false));
                    }
                    return list;
                });
        boolean metadataOnly = actor.is(Role.OPS);
        return Uni.combine().all().unis(total, rows).asTuple().chain(t -> views(t.getItem2(), metadataOnly)
                .map(views -> new EventPage(session.id, page, size, t.getItem1(), views)));
    }

    private Uni<List<EventView>> views(List<StoredEvent> rows, boolean metadataOnly) {
        if (metadataOnly) {
            return Uni.createFrom().item(rows.stream().map(r -> view(r, null)).toList());
        }
        return details.open(rows.stream().map(StoredEvent::sealed).toList()).map(opened -> {
            List<EventView> views = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                views.add(view(rows.get(i), detailJson(opened.get(i))));
            }
            return views;
        });
    }

    private static EventView view(StoredEvent r, JsonNode detail) {
        return new EventView(r.chainId(), r.seq(), r.at(), r.actor(), r.kind(), r.device(), r.op(), r.outcome(),
                r.correlationId(), detail);
    }

    /** The detail as JSON for a reader: erased and unreadable details say so instead of showing ciphertext. */
    static JsonNode detailJson(AuditDetails.Opened opened) {
        return switch (opened.state()) {
            case NONE -> null;
            case ERASED -> ERASED;
            case UNREADABLE -> UNREADABLE;
            case CLEAR -> parse(opened.json());
        };
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JsonNodeFactory.instance.textNode(json); // not JSON: shown as text rather than hidden
        }
    }
}
