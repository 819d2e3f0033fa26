package io.chaperone.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaperone.privacy.ValueSealing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads a session's config changes, oldest first, with their values opened when asked (public: the report uses it). */
@ApplicationScoped
public class ChangeQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;
    @Inject
    ValueSealing sealing;

    /** The session's changes in the order the hub reported them; values only when {@code withValues}. */
    public Uni<List<ChangeView>> of(UUID sessionId, boolean withValues) {
        return stored(sessionId).chain(rows -> withValues ? opened(sessionId, rows) : Uni.createFrom().item(
                rows.stream().map(r -> view(r, null, null)).toList()));
    }

    Uni<List<StoredChange>> stored(UUID sessionId) {
        return pool.preparedQuery("SELECT " + StoredChange.COLUMNS + " FROM config_changes WHERE session_id = $1 ORDER BY seq")
                .execute(Tuple.of(sessionId)).map(set -> {
                    List<StoredChange> rows = new ArrayList<>();
                    for (Row row : set) {
                        rows.add(StoredChange.of(row));
                    }
                    return rows;
                });
    }

    /** Opened before/after values of {@code rows} (all of one session), in order. */
    Uni<List<Values>> values(UUID sessionId, List<StoredChange> rows) {
        return sealing.open(sessionId, ConfigChanges.BEFORE, rows.stream().map(StoredChange::before).toList())
                .chain(before -> sealing.open(sessionId, ConfigChanges.AFTER, rows.stream().map(StoredChange::after).toList())
                        .map(after -> {
                            List<Values> values = new ArrayList<>(rows.size());
                            for (int i = 0; i < rows.size(); i++) {
                                values.add(new Values(parse(before.get(i)), parse(after.get(i))));
                            }
                            return values;
                        }));
    }

    /** A change's values as JSON; null when absent (a setting that did not exist) or unreadable. */
    record Values(JsonNode before, JsonNode after) {
    }

    private Uni<List<ChangeView>> opened(UUID sessionId, List<StoredChange> rows) {
        return values(sessionId, rows).map(values -> {
            List<ChangeView> views = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                views.add(view(rows.get(i), values.get(i).before(), values.get(i).after()));
            }
            return views;
        });
    }

    static ChangeView view(StoredChange r, JsonNode before, JsonNode after) {
        return new ChangeView(r.id(), r.seq(), r.device(), r.setting(), r.commandId(), before, after, r.reportedAt(),
                r.persistence(), r.checkedAt(), r.rollback(), r.rollbackAt(), r.rollbackCommandId());
    }

    private static JsonNode parse(Optional<String> json) {
        try {
            return json.isEmpty() ? null : JSON.readTree(json.get());
        } catch (Exception e) {
            return null;
        }
    }
}
