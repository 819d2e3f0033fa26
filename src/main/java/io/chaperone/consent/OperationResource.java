package io.chaperone.consent;

import io.chaperone.policy.OperationCatalogue;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * {@code GET /api/v1/operations} (every role): the plain-language catalogue of the operations a session can grant and
 * of the data classes their answers may reveal, so an app explains a request, a report or an escalation from the
 * gateway's own texts ({@link OperationCatalogue}) instead of a copy of its own. Static, so no database is read.
 */
@Path("/api/v1/operations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OperationResource {

    /** The catalogue: {@code operations} in order of increasing impact, {@code dataClasses} in their enum's order. */
    public record Catalogue(List<OperationCatalogue.Description> operations,
                            List<OperationCatalogue.DataClassDescription> dataClasses) {
    }

    private static final Catalogue CATALOGUE = new Catalogue(OperationCatalogue.requestable(),
            OperationCatalogue.dataClasses());

    @GET
    @NonBlocking
    public Catalogue catalogue() {
        return CATALOGUE;
    }
}
