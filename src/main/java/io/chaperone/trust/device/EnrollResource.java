package io.chaperone.trust.device;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/v1/hubs/enroll}: no user authentication; the one-time claim code and the CSR's proof of
 * possession are the credentials, metered by {@link EnrollmentMeter}.
 */
@Path("/api/v1/hubs/enroll")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnrollResource {

    @Inject
    Enrollment enrollment;
    @Inject
    EnrollmentMeter meter;

    /** Metered per TCP peer (behind an ingress: per ingress, docs/operations.md "Limits") and per claim code. */
    @POST
    public Uni<Response> enroll(@NotNull @Valid EnrollBody body, @Context HttpServerRequest request) {
        return meter.admit(request.remoteAddress().hostAddress(), body.claimCode())
                .chain(() -> enrollment.enroll(body.claimCode(), body.csr(), body.name(), body.model(), body.firmware()))
                .map(enrolled -> Response.status(201).entity(enrolled).header("Cache-Control", "no-store").build());
    }

    public record EnrollBody(@NotBlank @Size(max = 64) String claimCode,
                             @NotBlank @Size(max = 8192) String csr,
                             @NotBlank @Size(max = 200) String name,
                             @NotBlank @Size(max = 100) String model,
                             @NotBlank @Size(max = 64) String firmware) {
        @Override
        public String toString() {
            return "EnrollBody[name=" + name + ", model=" + model + "]";
        }
    }
}
