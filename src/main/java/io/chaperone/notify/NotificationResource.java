package io.chaperone.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.consent.SessionAccess;
import io.chaperone.home.Homes;
import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.notify.NotificationViews.CreatedWebhook;
import io.chaperone.notify.NotificationViews.Delivery;
import io.chaperone.notify.NotificationViews.Notification;
import io.chaperone.notify.NotificationViews.Preferences;
import io.chaperone.notify.NotificationViews.Webhook;
import io.chaperone.notify.NotificationViews.WebhookBody;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The resident's notification settings of a home (preferences, webhook endpoints) and the notifications with their
 * delivery status. Only the home's resident; anyone else gets 404 like for an unknown home.
 */
@Path("/api/v1/homes/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    private static final TypeReference<Set<String>> KINDS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> SUMMARY = new TypeReference<>() { };

    @Inject
    CurrentCaller current;
    @Inject
    SessionAccess access;
    @Inject
    Homes homes;
    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    NotifyConfig config;
    @Inject
    ObjectMapper json;

    @GET
    @Path("notification-preferences")
    public Uni<Preferences> preferences(@PathParam("id") UUID home) {
        return owned(home).chain(() -> pool.preparedQuery("SELECT email_enabled, email_address, webhook_enabled,"
                        + " muted_kinds FROM notification_preferences WHERE home_id = $1").execute(Tuple.of(home)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Preferences(false, null, true, Set.of());
                    }
                    Row r = rows.iterator().next();
                    return new Preferences(r.getBoolean(0), r.getString(1), r.getBoolean(2), read(r.getString(3), KINDS));
                });
    }

    @PUT
    @Path("notification-preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Preferences> setPreferences(@PathParam("id") UUID home, Preferences body) {
        if (body == null) {
            throw ProblemException.badRequest("invalid_preferences", "a body is required");
        }
        Set<String> muted = body.mutedKinds() == null ? Set.of() : body.mutedKinds();
        for (String kind : muted) {
            if (NotificationKind.fromWireName(kind).isEmpty()) {
                throw ProblemException.badRequest("unknown_notification_kind", "unknown kind: " + kind);
            }
        }
        String address = body.emailAddress() == null || body.emailAddress().isBlank() ? null : body.emailAddress().trim();
        if (address != null && (address.length() > 254 || !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            throw ProblemException.badRequest("invalid_email", "not an e-mail address");
        }
        Preferences stored = new Preferences(body.emailEnabled(), address, body.webhookEnabled(), Set.copyOf(muted));
        return owned(home).chain(() -> pool.preparedQuery("INSERT INTO notification_preferences (home_id,"
                        + " email_enabled, email_address, webhook_enabled, muted_kinds, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (home_id) DO UPDATE SET"
                        + " email_enabled = $2, email_address = $3, webhook_enabled = $4, muted_kinds = $5, updated_at = $6")
                .execute(Tuple.from(new Object[] {home, stored.emailEnabled(), address, stored.webhookEnabled(),
                        write(stored.mutedKinds()), now()})))
                .replaceWith(stored);
    }

    @POST
    @Path("webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addWebhook(@PathParam("id") UUID home, WebhookBody body) {
        URI url = validUrl(body);
        UUID id = UUID.randomUUID();
        String secret = WebhookSignature.newSecret();
        Instant at = clock.instant();
        return owned(home).chain(() -> pool.withTransaction(conn -> conn
                        // The home row's lock serialises concurrent additions, so the limit holds.
                        .preparedQuery("SELECT (SELECT count(*) FROM webhook_endpoints e WHERE e.home_id = h.id"
                                + " AND e.disabled_at IS NULL) FROM homes h WHERE h.id = $1 FOR UPDATE OF h")
                        .execute(Tuple.of(home))
                        .chain(count -> {
                            if (count.iterator().next().getLong(0) >= config.webhook().maxEndpoints()) {
                                return Uni.createFrom().failure(ProblemException.conflict("too_many_webhooks",
                                        "at most " + config.webhook().maxEndpoints() + " webhook endpoints per home"));
                            }
                            return conn.preparedQuery("INSERT INTO webhook_endpoints (id, home_id, url, secret, created_at)"
                                    + " VALUES ($1, $2, $3, $4, $5)").execute(Tuple.of(id, home, url.toString(), secret,
                                    at.atOffset(ZoneOffset.UTC)));
                        })))
                .map(done -> Response.status(201).entity(new CreatedWebhook(id, url.toString(), secret, at)).build());
    }

    @GET
    @Path("webhooks")
    public Uni<List<Webhook>> webhooks(@PathParam("id") UUID home) {
        return owned(home).chain(() -> pool.preparedQuery("SELECT id, url, created_at FROM webhook_endpoints"
                        + " WHERE home_id = $1 AND disabled_at IS NULL ORDER BY created_at, id").execute(Tuple.of(home)))
                .map(rows -> {
                    List<Webhook> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Webhook(r.getUUID(0), r.getString(1), instant(r.getOffsetDateTime(2)))));
                    return list;
                });
    }

    /** Disables an endpoint (pending deliveries to it are dead-lettered with it; its history stays visible). */
    @DELETE
    @Path("webhooks/{webhook}")
    public Uni<Response> removeWebhook(@PathParam("id") UUID home, @PathParam("webhook") UUID webhook) {
        return owned(home).chain(() -> pool.withTransaction(conn -> conn.preparedQuery("UPDATE webhook_endpoints"
                                + " SET disabled_at = $1 WHERE id = $2 AND home_id = $3 AND disabled_at IS NULL")
                        .execute(Tuple.of(now(), webhook, home))
                        .chain(updated -> updated.rowCount() == 0
                                ? Uni.createFrom().failure(ProblemException.notFound("webhook"))
                                : conn.preparedQuery("UPDATE notification_deliveries SET state = 'dead',"
                                        + " last_error = 'endpoint removed' WHERE endpoint_id = $1 AND state = 'pending'")
                                .execute(Tuple.of(webhook)))))
                .replaceWith(Response.noContent().build());
    }

    /** The newest notifications of the home (at most 100) with each delivery's state. */
    @GET
    @Path("notifications")
    public Uni<List<Notification>> notifications(@PathParam("id") UUID home) {
        return owned(home).chain(() -> pool.preparedQuery("SELECT n.id, n.kind, n.session_id, n.summary, n.created_at,"
                        + " n.fanned_out_at IS NOT NULL, d.id, d.channel, d.endpoint_id, d.state, d.attempts, d.last_status,"
                        + " d.last_error, d.next_attempt_at, d.delivered_at FROM (SELECT * FROM notifications"
                        + " WHERE home_id = $1 ORDER BY created_at DESC, id LIMIT 100) n"
                        + " LEFT JOIN notification_deliveries d ON d.notification_id = n.id"
                        + " ORDER BY n.created_at DESC, n.id, d.channel, d.endpoint_id").execute(Tuple.of(home)))
                .map(rows -> {
                    Map<UUID, Notification> byId = new LinkedHashMap<>();
                    for (Row r : rows) {
                        Notification n = byId.computeIfAbsent(r.getUUID(0), id -> new Notification(id, r.getString(1),
                                r.getUUID(2), read(r.getString(3), SUMMARY), instant(r.getOffsetDateTime(4)),
                                r.getBoolean(5), new ArrayList<>()));
                        if (r.getUUID(6) != null) {
                            n.deliveries().add(new Delivery(r.getUUID(6), r.getString(7), r.getUUID(8), r.getString(9),
                                    r.getInteger(10), r.getInteger(11), r.getString(12),
                                    instant(r.getOffsetDateTime(13)), instant(r.getOffsetDateTime(14))));
                        }
                    }
                    return List.copyOf(byId.values());
                });
    }

    private Uni<Void> owned(UUID home) {
        Caller caller = current.get();
        if (!caller.is(Role.RESIDENT)) {
            return Uni.createFrom().failure(ProblemException.notFound("home"));
        }
        return access.actor(caller)
                .chain(actor -> Panache.withSession(() -> homes.ownedBy(home, actor.personId())))
                .replaceWithVoid();
    }

    private URI validUrl(WebhookBody body) {
        if (body == null || body.url() == null || body.url().length() > 2048) {
            throw ProblemException.badRequest("invalid_webhook_url", "a url of at most 2048 characters is required");
        }
        URI url;
        try {
            url = URI.create(body.url().trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_webhook_url", "not a URL");
        }
        boolean https = "https".equals(url.getScheme());
        boolean http = "http".equals(url.getScheme()) && config.webhook().allowHttp();
        if ((!https && !http) || url.getHost() == null || url.getUserInfo() != null) {
            throw ProblemException.badRequest("invalid_webhook_url", "an https URL without user info is required");
        }
        return url;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
