package io.chaperone.identity;

import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.UUID;

/**
 * Just-in-time provisioning: the first call of a person creates their record from the token claims;
 * later calls refresh name and e-mail. Technicians must belong to a known provider through `org`.
 * Callers run inside a reactive transaction ({@code @WithTransaction}).
 */
@ApplicationScoped
public class People {

    @Inject
    Clock clock;

    public Uni<Resident> resident(Caller caller) {
        requireRole(caller, Role.RESIDENT);
        return Resident.<Resident>find("subject", caller.subject()).firstResult().chain(found -> {
            Resident resident = found != null ? found : new Resident();
            if (found == null) {
                resident.id = UUID.randomUUID();
                resident.subject = caller.subject();
                resident.createdAt = clock.instant();
            }
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
            return Technician.<Technician>find("subject", caller.subject()).firstResult().chain(found -> {
                Technician technician = found != null ? found : new Technician();
                if (found == null) {
                    technician.id = UUID.randomUUID();
                    technician.subject = caller.subject();
                    technician.createdAt = clock.instant();
                }
                technician.name = caller.name();
                technician.email = caller.email();
                technician.providerId = provider.id;
                return technician.persist();
            });
        });
    }

    public Uni<Operator> operator(Caller caller) {
        requireRole(caller, Role.OPS);
        return Operator.<Operator>find("subject", caller.subject()).firstResult().chain(found -> {
            Operator operator = found != null ? found : new Operator();
            if (found == null) {
                operator.id = UUID.randomUUID();
                operator.subject = caller.subject();
                operator.createdAt = clock.instant();
            }
            operator.name = caller.name();
            operator.email = caller.email();
            return operator.persist();
        });
    }

    private static void requireRole(Caller caller, Role role) {
        caller.require(role);
    }
}
