package io.chaperone.consent;

import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.util.List;

/** {@code GET /api/v1/ops/templates/due-for-review}: templates whose review-by date has passed (ops only). */
@Path("/api/v1/ops/templates/due-for-review")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class TemplateReviewResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Clock clock;

    /** Due once the review-by instant is reached (the same "not before" rule as every deadline); oldest first. */
    @GET
    @WithTransaction
    public Uni<List<SessionTemplateView>> due() {
        return people.operator(current.get()).chain(operator -> SessionTemplate.<SessionTemplate>list(
                        "reviewBy <= ?1 order by reviewBy, name", clock.instant()))
                .map(list -> list.stream().map(SessionTemplateView::of).toList());
    }
}
