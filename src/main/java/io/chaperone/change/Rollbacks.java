package io.chaperone.change;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A resident's rollback (docs/api.md "Rollback"): the chosen changes, newest first, each restored with a system
 * {@code config.restore} through the command gate (compare-and-set on the hub, docs/adr/0025). A setting changed
 * again since, by a later tracked change or by anyone at the hub, is a {@code conflict}: reported, never overwritten.
 * Every result is stored on the change and returned.
 */
@ApplicationScoped
public class Rollbacks {

    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    ChangeQueries queries;
    @Inject
    Instance<HubCommands> commands;
    @Inject
    Event<ChangesChecked> checked;

    /** One change's rollback result. */
    public record Result(UUID changeId, String device, String setting, String result, String rollbackCommandId) {
    }

    public Uni<List<Result>> rollback(UUID sessionId, Set<UUID> chosen) {
        if (!commands.isResolvable()) {
            return Uni.createFrom().failure(new ProblemException(503, "rollback_unavailable",
                    "this gateway cannot send commands to hubs"));
        }
        return queries.stored(sessionId).chain(all -> {
            if (chosen != null) {
                for (UUID id : chosen) {
                    StoredChange named = all.stream().filter(c -> c.id().equals(id)).findFirst()
                            .orElseThrow(() -> new ProblemException(422, "unknown_change", "no change " + id + " in this session"));
                    // Asked for by name, a change already restored is refused (nothing is sent): rolling it back
                    // again would mean nothing, and the resident should hear so rather than see an empty answer.
                    if ("restored".equals(named.rollback())) {
                        throw new ProblemException(409, "change_already_restored", "the change of " + named.setting()
                                + " on " + named.device() + " was already rolled back");
                    }
                }
            }
            List<StoredChange> picked = all.stream()
                    .filter(c -> chosen == null || chosen.contains(c.id()))
                    .filter(c -> !"restored".equals(c.rollback()))
                    .sorted(Comparator.comparingLong(StoredChange::seq).reversed())
                    .toList();
            if (picked.isEmpty()) {
                return Uni.createFrom().item(List.<Result>of());
            }
            return queries.values(sessionId, picked).chain(values -> {
                List<Result> results = new ArrayList<>();
                Multi<Result> each = Multi.createFrom().range(0, picked.size())
                        .onItem().transformToUniAndConcatenate(i -> restore(sessionId, picked.get(i), values.get(i)));
                return each.invoke(results::add).collect().last().replaceWith(results);
            }).invoke(r -> checked.fire(new ChangesChecked(sessionId)));
        });
    }

    private Uni<Result> restore(UUID sessionId, StoredChange change, ChangeQueries.Values values) {
        String commandId = "rollback-" + change.id();
        if (values.before() == null || values.after() == null) {
            // A setting the change created (no before), or values that cannot be opened (erased): nothing to restore.
            return record(change, "failed", null);
        }
        return laterChange(change).chain(changedSince -> {
            if (changedSince) {
                return record(change, "conflict", null);
            }
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.putObject("set").set(change.setting(), values.before());
            args.putObject("expect").set(change.setting(), values.after());
            return commands.get().send(sessionId, commandId, change.device(), "config.restore", args)
                    .chain(answer -> record(change, outcome(answer), commandId));
        });
    }

    private static String outcome(HubCommands.Answer answer) {
        if (answer.ok()) {
            return "restored";
        }
        return switch (answer.errorCode() == null ? "" : answer.errorCode()) {
            case "conflict" -> "conflict";
            case HubCommands.OFFLINE -> "offline";
            default -> "failed";
        };
    }

    /** A tracked change of the same setting on the same hub after this one, not made by a rollback itself. */
    private Uni<Boolean> laterChange(StoredChange change) {
        return pool.preparedQuery("SELECT count(*) FROM config_changes c WHERE c.hub_id = $1 AND c.device = $2 "
                        + "AND c.setting = $3 AND c.seq > $4 AND c.command_id NOT LIKE 'rollback-%' "
                        + "AND (c.rollback IS NULL OR c.rollback <> 'restored')")
                .execute(Tuple.of(change.hubId(), change.device(), change.setting(), change.seq()))
                .map(set -> set.iterator().next().getLong(0) > 0);
    }

    private Uni<Result> record(StoredChange change, String result, String commandId) {
        return pool.preparedQuery("UPDATE config_changes SET rollback = $2, rollback_at = $3, rollback_command_id = $4 "
                        + "WHERE id = $1")
                .execute(Tuple.of(change.id(), result, clock.instant().atOffset(ZoneOffset.UTC), commandId))
                .replaceWith(new Result(change.id(), change.device(), change.setting(), result, commandId));
    }

}
