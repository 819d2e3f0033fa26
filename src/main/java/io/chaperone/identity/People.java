package io.chaperone.identity;

import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Just-in-time provisioning: the first call of a person creates their record from the token claims;
 * later calls refresh name and e-mail. Technicians must belong to a known provider through `org`; the
 * provider their latest token names is the one they belong to now, and they act only for sessions of that
 * provider ({@code SessionAccess}, {@code ConnectTickets}): one who moved keeps no access to the old provider's.
 * Callers run inside a reactive transaction ({@code @WithTransaction}). The first record is created
 * with {@code INSERT … ON CONFLICT (subject) DO NOTHING}, so concurrent first calls of one person
 * cannot fail on the unique subject.
 */
@ApplicationScoped
public class People {

    @Inject
    Clock clock;

    public Uni<Resident> resident(Caller caller) {
        requireRole(caller, Role.RESIDENT);
        return insertIfAbsent("residents", caller, null)
                .chain(() -> Resident.<Resident>find("subject", caller.subject()).<Resident>firstResult())
                .chain(resident -> {
                    resident.name = caller.name();
                    resident.email = caller.email();
                    return resident.persist();
                });
    }

    public Uni<Technician> technician(Caller caller) {
        requireRole(caller, Role.TECHNICIAN);
        String org = caller.org().orElseThrow(() -> ProblemException.forbidden("provider_unknown",
                "the technician's token names no provider (org claim)"));
        return Provider.<Provider>find("org", org).firstResult().chain(provider -> {
            if (provider == null) {
                return Uni.createFrom().failure(ProblemException.forbidden("provider_unknown",
                        "the technician's provider is not registered"));
            }
            return insertIfAbsent("technicians", caller, provider.id)
                    .chain(() -> Technician.<Technician>find("subject", caller.subject()).<Technician>firstResult())
                    .chain(technician -> {
                        technician.name = caller.name();
                        technician.email = caller.email();
                        technician.providerId = provider.id;
                        return technician.persist();
                    });
        });
    }

    public Uni<Operator> operator(Caller caller) {
        requireRole(caller, Role.OPS);
        return insertIfAbsent("operators", caller, null)
                .chain(() -> Operator.<Operator>find("subject", caller.subject()).<Operator>firstResult())
                .chain(operator -> {
                    operator.name = caller.name();
                    operator.email = caller.email();
                    return operator.persist();
                });
    }

    /** {@code table} is one of the three constants above, never input. */
    private Uni<Integer> insertIfAbsent(String table, Caller caller, UUID providerId) {
        String columns = providerId == null ? "id, subject, name, email, created_at" : "id, subject, name, email, created_at, provider_id";
        String values = providerId == null ? "?1, ?2, ?3, ?4, ?5" : "?1, ?2, ?3, ?4, ?5, ?6";
        String sql = "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT (subject) DO NOTHING";
        Instant now = clock.instant();
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql)
                    .setParameter(1, UUID.randomUUID()).setParameter(2, caller.subject())
                    .setParameter(3, caller.name()).setParameter(4, caller.email()).setParameter(5, now);
            if (providerId != null) {
                query.setParameter(6, providerId);
            }
            return query.executeUpdate();
        });
    }

    private static void requireRole(Caller caller, Role role) {
        caller.require(role);
    }
}
