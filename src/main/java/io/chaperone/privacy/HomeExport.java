package io.chaperone.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.audit.integrity.AuditChains;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The data-rights export of a home (docs/export-format.md), streamed: each piece of the JSON bundle is
 * written as soon as its page is read, so memory holds one page (sessions by 100, audit rows by 500),
 * never the bundle. Audit rows carry the detail as stored (ciphertext, what the hash chain covers) and
 * its plaintext for the resident (null when erased or shredded). Checkpoints carry inclusion proofs of the
 * home's own chains only.
 */
@ApplicationScoped
public class HomeExport {

    static final String FORMAT = "chaperone-export/1";
    static final int SESSION_PAGE = 100;
    static final int AUDIT_PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SESSION_JSON = Set.of("scope", "reveal", "requested_scope");

    @Inject
    Pool pool;
    @Inject
    AuditDetails details;
    @Inject
    AuditSchema schema;
    @Inject
    PrivacyNotices notices;
    @Inject
    ExportCheckpointKeys checkpointKeys;
    @Inject
    AuditChains integrity;
    @Inject
    Clock clock;

    /** JSON array commas: the first element of an array has none. Used by one subscription only. */
    private static final class Separator {
        private boolean first = true;

        String next() {
            if (first) {
                first = false;
                return "";
            }
            return ",";
        }
    }

    /** The bundle as a stream of UTF-8 text pieces; nothing is read until it is subscribed. */
    public Multi<String> stream(UUID homeId) {
        return Multi.createFrom().deferred(() -> schema.features().toMulti().onItem().transformToMultiAndConcatenate(f ->
                Multi.createBy().concatenating().streams(
                        header(homeId).toMulti(),
                        sessions(homeId, f, null, null, new Separator()),
                        text("],\"hubEvents\":["),
                        hubEvents(homeId, f),
                        text("],\"checkpoints\":["),
                        f.checkpoints() ? chainsOf(homeId).toMulti().onItem()
                                .transformToMultiAndConcatenate(chains -> checkpoints(chains, 0, new Separator()))
                                : Multi.createFrom().empty(),
                        checkpointKeys.jwks().map(keys -> "],\"checkpointKeys\":" + write(keys) + "}").toMulti())));
    }

    private Uni<String> header(UUID homeId) {
        Uni<RowSet<Row>> home = pool.preparedQuery("SELECT h.id, h.name, h.created_at, h.resident_id, "
                + "r.name AS resident_name, r.email AS resident_email FROM homes h "
                + "JOIN residents r ON r.id = h.resident_id WHERE h.id = $1").execute(Tuple.of(homeId));
        Uni<RowSet<Row>> hubs = pool.preparedQuery("SELECT id, name, model, firmware, online, last_seen_at, created_at "
                + "FROM hubs WHERE home_id = $1 ORDER BY created_at, id").execute(Tuple.of(homeId));
        return Uni.combine().all().unis(home, hubs).asTuple().map(t -> {
            ObjectNode root = JsonNodeFactory.instance.objectNode()
                    .put("format", FORMAT)
                    .put("homeId", homeId.toString())
                    .put("exportedAt", RowJson.time(clock.instant()));
            root.set("privacyNotice", notices.current());
            root.set("home", t.getItem1().size() == 0 ? null : RowJson.of(t.getItem1().iterator().next(), Set.of()));
            ArrayNode hubList = root.putArray("hubs");
            t.getItem2().forEach(row -> hubList.add(RowJson.of(row, Set.of())));
            return open(root) + ",\"sessions\":[";
        });
    }

    /** Sessions by keyset pages of (requested_at, id). */
    private Multi<String> sessions(UUID homeId, AuditSchema.Features f, OffsetDateTime afterAt, UUID afterId,
                                   Separator sep) {
        return Multi.createFrom().deferred(() -> pool.preparedQuery("SELECT id, state, template_id, technician_id, "
                                + "requested_at, approved_at, expires_at, ended_at, scope, reveal FROM support_sessions "
                                + "WHERE home_id = $1 AND ($2::timestamptz IS NULL OR (requested_at, id) > ($2, $3)) "
                                + "ORDER BY requested_at, id LIMIT " + SESSION_PAGE)
                .execute(Tuple.of(homeId, afterAt, afterId)).toMulti()
                .onItem().transformToMultiAndConcatenate(page -> {
                    List<Multi<String>> parts = new ArrayList<>();
                    OffsetDateTime lastAt = null;
                    UUID lastId = null;
                    for (Row row : page) {
                        parts.add(session(RowJson.of(row, SESSION_JSON), homeId, f, sep));
                        lastAt = row.getOffsetDateTime("requested_at");
                        lastId = row.getUUID("id");
                    }
                    if (page.size() == SESSION_PAGE) {
                        parts.add(sessions(homeId, f, lastAt, lastId, sep));
                    }
                    return Multi.createBy().concatenating().streams(parts);
                }));
    }

    private Multi<String> session(ObjectNode session, UUID homeId, AuditSchema.Features f, Separator sep) {
        UUID id = UUID.fromString(session.get("id").asText());
        Uni<RowSet<Row>> approvals = pool.preparedQuery("SELECT id, escalation_id, resident_id, decision, scope, "
                + "duration_minutes, reveal, auth_time, acr, amr, privacy_notice_version, decided_at FROM approvals "
                + "WHERE session_id = $1 ORDER BY decided_at, id").execute(Tuple.of(id));
        Uni<RowSet<Row>> escalations = pool.preparedQuery("SELECT id, technician_id, requested_scope, reason, state, "
                + "requested_at, decided_at FROM escalations WHERE session_id = $1 ORDER BY requested_at, id")
                .execute(Tuple.of(id));
        Uni<String> head = Uni.combine().all().unis(approvals, escalations).asTuple().map(t -> {
            ArrayNode a = session.putArray("approvals");
            t.getItem1().forEach(row -> a.add(RowJson.of(row, SESSION_JSON)));
            ArrayNode e = session.putArray("escalations");
            t.getItem2().forEach(row -> e.add(RowJson.of(row, SESSION_JSON)));
            return sep.next() + open(session) + ",\"audit\":[";
        });
        return Multi.createBy().concatenating().streams(head.toMulti(), audit(id, homeId, f, 0, new Separator()),
                text("]}"));
    }

    /** The home's own chain (the erasure record) and its hubs' chains, one after the other. */
    private Multi<String> hubEvents(UUID homeId, AuditSchema.Features f) {
        Separator sep = new Separator();
        return pool.preparedQuery("SELECT id FROM hubs WHERE home_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(homeId)).toMulti().onItem().transformToMultiAndConcatenate(rows -> {
                    List<Multi<String>> chains = new ArrayList<>();
                    rows.forEach(row -> chains.add(audit(row.getUUID("id"), homeId, f, 0, sep)));
                    chains.add(audit(homeId, homeId, f, 0, sep));
                    return Multi.createBy().concatenating().streams(chains);
                });
    }

    /** One chain's rows of this home, by pages of seq. */
    private Multi<String> audit(UUID chainId, UUID homeId, AuditSchema.Features f, long afterSeq, Separator sep) {
        String hashes = f.hashColumns() == null ? "" : ", " + f.hashColumns();
        return Multi.createFrom().deferred(() -> pool.preparedQuery("SELECT " + StoredEvent.COLUMNS + hashes
                                + " FROM audit_events WHERE chain_id = $1 AND home_id = $2 AND seq > $3 ORDER BY seq LIMIT "
                                + AUDIT_PAGE)
                .execute(Tuple.of(chainId, homeId, afterSeq)).toMulti()
                .onItem().transformToMultiAndConcatenate(page -> {
                    List<StoredEvent> rows = new ArrayList<>(page.size());
                    page.forEach(row -> rows.add(StoredEvent.of(row, f.hashColumns() != null)));
                    Uni<String> text = details.open(rows.stream().map(StoredEvent::sealed).toList())
                            .map(opened -> rows(rows, opened, sep));
                    return rows.size() == AUDIT_PAGE
                            ? Multi.createBy().concatenating().streams(text.toMulti(),
                            audit(chainId, homeId, f, rows.getLast().seq(), sep))
                            : text.toMulti();
                }));
    }

    private static String rows(List<StoredEvent> rows, List<AuditDetails.Opened> opened, Separator sep) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            StoredEvent r = rows.get(i);
            AuditDetails.Opened o = opened.get(i);
            ObjectNode row = JsonNodeFactory.instance.objectNode()
                    .put("chainId", r.chainId().toString())
                    .put("seq", r.seq())
                    .put("at", RowJson.time(r.at()))
                    .put("actor", r.actor())
                    .put("kind", r.kind())
                    .put("device", r.device())
                    .put("op", r.op())
                    .put("outcome", r.outcome())
                    .put("correlationId", r.correlationId())
                    .put("detail", r.detail());
            row.set("plaintext", o.state() == AuditDetails.State.CLEAR ? SessionAuditResource.parse(o.json()) : null);
            row.put("prevHash", r.prevHash()).put("hash", r.hash());
            out.append(sep.next()).append(write(row));
        }
        return out.toString();
    }

    /** Every chain of the home: its sessions, its hubs and its own (home.erased, home.exported). */
    private Uni<List<UUID>> chainsOf(UUID homeId) {
        return pool.preparedQuery("SELECT id FROM support_sessions WHERE home_id = $1 UNION ALL "
                + "SELECT id FROM hubs WHERE home_id = $1").execute(Tuple.of(homeId)).map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.size() + 1);
                    rows.forEach(row -> ids.add(row.getUUID(0)));
                    ids.add(homeId);
                    return ids;
                });
    }

    /**
     * The checkpoints anchoring the home's chains, each with the inclusion proofs of those chains only: the
     * other heads of a checkpoint are other homes' session and hub ids and activity.
     */
    private Multi<String> checkpoints(List<UUID> chains, long afterId, Separator sep) {
        return Multi.createFrom().deferred(() -> integrity.proofs(chains, afterId, AUDIT_PAGE).toMulti()
                .onItem().transformToMultiAndConcatenate(page -> {
                    StringBuilder out = new StringBuilder();
                    page.forEach(proof -> out.append(sep.next()).append(write(JSON.valueToTree(proof))));
                    Multi<String> text = text(out.toString());
                    return page.size() == AUDIT_PAGE
                            ? Multi.createBy().concatenating().streams(text, checkpoints(chains, page.getLast().id(), sep))
                            : text;
                }));
    }

    private static Multi<String> text(String text) {
        return Multi.createFrom().item(text);
    }

    /** The object's JSON without its closing brace, so more members can follow. */
    private static String open(ObjectNode node) {
        String json = write(node);
        return json.substring(0, json.length() - 1);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write export JSON", e);
        }
    }
}
