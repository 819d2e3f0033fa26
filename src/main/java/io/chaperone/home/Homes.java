package io.chaperone.home;

import io.chaperone.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.chaperone.household.Household;
import io.chaperone.household.Right;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Homes and who owns them. A home that does not exist and a home of another resident fail alike
 * with 404 {@code not_found}, so ids reveal nothing. Callers run inside a reactive session.
 */
@ApplicationScoped
public class Homes {

    @Inject
    Clock clock;
    @Inject
    Household household;

    public Uni<Home> create(UUID residentId, String name) {
        Home home = new Home();
        home.id = UUID.randomUUID();
        home.residentId = residentId;
        home.name = name;
        home.createdAt = clock.instant();
        return home.persist();
    }

    public Uni<List<Home>> ownedBy(UUID residentId) {
        return Home.list("residentId = ?1 order by createdAt, id", residentId);
    }

    public Uni<Home> ownedBy(UUID homeId, UUID residentId) {
        return Home.<Home>find("id = ?1 and residentId = ?2", homeId, residentId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("home"));
    }

    /** The homes whose household the resident belongs to: owned first, then joined. */
    public Uni<List<Home>> ofHousehold(UUID residentId) {
        return Home.list("residentId = ?1 or id in (select m.key.homeId from HomeMember m where m.key.residentId = ?1) "
                + "order by case when residentId = ?1 then 0 else 1 end, createdAt, id", residentId);
    }

    /** The home if the resident holds {@code right} in its household (ADR 0021); 404 for a stranger, 403 otherwise. */
    public Uni<Home> withRight(UUID homeId, UUID residentId, Right right) {
        return household.require(residentId, homeId, right, "home").chain(m -> Home.<Home>findById(homeId));
    }
}
