package io.chaperone.audit.integrity;

import io.chaperone.identity.Caller;
import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.Role;
import io.chaperone.web.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/v1/ops/audit/verifications}: ops run the audit verifier over the chains of the newest checkpoints
 * ({@code POST}) and read the last run ({@code GET …/latest}, 404 {@code verification_not_found} before the first).
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

    @GET
    @Path("latest")
    public Uni<VerificationRuns.Run> latest() {
        current.get().require(Role.OPS);
        return runs.latest().map(run -> run.orElseThrow(() -> new ProblemException(404, "verification_not_found",
                "no verification has run yet: POST /api/v1/ops/audit/verifications runs one")));
    }
}
