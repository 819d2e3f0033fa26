package io.chaperone.trust.device;

import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/ops/attestation-baselines} (ops): vendor reference measurements per (model, firmware). */
@Path("/api/v1/ops/attestation-baselines")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BaselineResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    DeviceTrustAudit trustAudit;
    @Inject
    Clock clock;

    @POST
    @WithTransaction
    public Uni<Response> register(@NotNull @Valid NewBaseline body) {
        body.measurements().forEach((name, value) -> {
            if (name.isBlank() || name.length() > 64 || value == null || !value.matches("sha256:[0-9a-f]{64}")) {
                throw ProblemException.badRequest("invalid_measurement", "measurements map a short name to sha256:<64 hex>");
            }
        });
        String actor = current.get().subject();
        return people.operator(current.get())
                .chain(() -> Baselines.registerIfAbsent(body.model(), body.firmware(), body.measurements(), clock.instant(),
                        baseline -> trustAudit.baselineRegistered(baseline, actor)))
                .map(created -> created.orElseThrow(() -> ProblemException.conflict("baseline_exists",
                        "a baseline for this model and firmware exists")))
                .map(saved -> Response.status(201).entity(BaselineView.of(saved)).build());
    }

    @GET
    @WithTransaction
    public Uni<List<BaselineView>> list() {
        return people.operator(current.get())
                .chain(() -> AttestationBaseline.<AttestationBaseline>list("order by model, firmware"))
                .map(all -> all.stream().map(BaselineView::of).toList());
    }

    public record NewBaseline(@NotBlank @Size(max = 100) String model,
                              @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._+-]+") String firmware,
                              @NotEmpty @Size(max = 32) Map<String, String> measurements) {
    }

    public record BaselineView(UUID id, String model, String firmware, Map<String, Object> measurements, Instant createdAt) {
        static BaselineView of(AttestationBaseline baseline) {
            return new BaselineView(baseline.id, baseline.model, baseline.firmware,
                    new JsonObject(baseline.measurements).getMap(), baseline.createdAt);
        }
    }
}
