package io.chaperone.audit.integrity;

import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * {@code /api/v1/ops/audit/verifications}: ops run the audit verifier over the chains of the newest checkpoints
 * ({@code POST}) and read the newest runs ({@code GET}, newest first; an empty list before the first run).
 */
@Path("/api/v1/ops/audit/verifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OpsVerificationResource {

    @Inject
    CurrentCaller current;
    @Inject
    VerificationRuns runs;

    @POST
    public Uni<VerificationRuns.Run> run() {
        Caller ops = current.get().require(Role.OPS);
        return runs.run(ops.subject());
    }

    /** The newest runs first, {@code limit} of them (1 … 50, default 1); empty before the first run. */
    @GET
    public Uni<List<VerificationRuns.Run>> recent(@QueryParam("limit") @DefaultValue("1") int limit) {
        current.get().require(Role.OPS);
        if (limit < 1 || limit > VerificationRuns.MAX_LISTED) {
            throw ProblemException.badRequest("invalid_limit", "limit must be between 1 and " + VerificationRuns.MAX_LISTED);
        }
        return runs.recent(limit);
    }
}
