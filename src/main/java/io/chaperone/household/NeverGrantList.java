package io.chaperone.household;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.chaperone.policy.Scope;
import io.chaperone.web.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A home's never-grant list, judged against scopes and reveal sets. A request or approval that touches an entry is
 * refused with 422 {@code never_granted} naming it; a request without a scope gets the template's widest scope
 * minus the list ({@link #without}).
 */
public record NeverGrantList(List<NeverGrant> entries) {

    public NeverGrantList {
        entries = List.copyOf(entries);
    }

    /** The home's list (inside a Panache session); read at requests, approvals and escalations, never per frame. */
    public static io.smallrye.mutiny.Uni<NeverGrantList> load(java.util.UUID homeId) {
        return NeverGrant.<NeverGrant>list("homeId = ?1 order by createdAt, id", homeId).map(NeverGrantList::new);
    }

    /** The first entry the scope touches. */
    public Optional<NeverGrant> touching(Scope scope) {
        for (Scope.Pair pair : scope.pairs()) {
            for (NeverGrant e : entries) {
                if (e.dataClass == null && matches(e, pair.device(), pair.op())) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** The first entry naming a data class of {@code reveal}. */
    public Optional<NeverGrant> revealing(Set<DataClass> reveal) {
        return entries.stream().filter(e -> e.dataClass != null && reveal.contains(e.dataClassValue())).findFirst();
    }

    /** {@code scope} with every pair the list forbids taken out. */
    public Scope without(Scope scope) {
        List<Scope.Pair> kept = new ArrayList<>();
        for (Scope.Pair pair : scope.pairs()) {
            if (entries.stream().noneMatch(e -> e.dataClass == null && matches(e, pair.device(), pair.op()))) {
                kept.add(pair);
            }
        }
        return Scope.fromPairs(kept, scope.version());
    }

    /** Refuses a scope or reveal set that touches the list. */
    public void require(Scope scope, Set<DataClass> reveal) {
        touching(scope).or(() -> revealing(reveal)).ifPresent(e -> {
            throw refusal(e);
        });
    }

    public static ProblemException refusal(NeverGrant entry) {
        return new ProblemException(422, "never_granted",
                "the home's never-grant list excludes " + entry.describe() + " (entry " + entry.id + ")");
    }

    private static boolean matches(NeverGrant e, String device, Operation op) {
        return (e.deviceId == null || e.deviceId.equals(device)) && (e.operation == null || e.op() == op);
    }
}
