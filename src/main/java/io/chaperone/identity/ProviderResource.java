package io.chaperone.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/providers}: the service providers (ops create them; ops and residents list them). A technician belongs to the provider
 * whose {@code org} equals the technician token's {@code org} claim.
 */
@Path("/api/v1/providers")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProviderResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    Clock clock;
    @Inject
    AuditWriter audit;

    @POST
    @WithTransaction
    public Uni<Response> create(@NotNull @Valid NewProvider body) {
        Caller caller = current.get();
        return people.operator(caller)
                .chain(() -> Provider.count("name = ?1 or org = ?2", body.name(), body.org()))
                .chain(existing -> {
                    if (existing > 0) {
                        return Uni.createFrom().failure(ProblemException.conflict("provider_exists",
                                "a provider with this name or org already exists"));
                    }
                    Provider provider = new Provider();
                    provider.id = UUID.randomUUID();
                    provider.name = body.name();
                    provider.org = body.org();
                    provider.createdAt = clock.instant();
                    // The provider's own chain: committed before the row; name and org are what tokens are matched by.
                    return audit.commit(new AuditRecord(provider.id, provider.id, provider.createdAt, caller.subject(),
                                    AuditKind.PROVIDER_CREATED, null, null, "created", null,
                                    JsonNodeFactory.instance.objectNode().put("name", provider.name).put("org", provider.org).toString()))
                            .chain(seq -> provider.<Provider>persist());
                })
                .map(p -> Response.created(URI.create("/api/v1/providers/" + p.id)).entity(ProviderView.of(p)).build());
    }

    /**
     * Ops manage the providers; a resident lists them to choose whom a support ticket goes to. Technicians do not
     * (403 {@code role_required}): they only ever work for the provider their token names.
     */
    @GET
    @WithTransaction
    public Uni<List<ProviderView>> list() {
        Caller caller = current.get();
        Uni<?> known = caller.is(Role.RESIDENT) ? people.resident(caller) : people.operator(caller);
        return known
                .chain(() -> Provider.<Provider>list("order by name"))
                .map(providers -> providers.stream().map(ProviderView::of).toList());
    }

    /** The {@code org} value is matched against token claims, so it is kept to a plain identifier. */
    public record NewProvider(@NotBlank @Size(max = 200) String name,
                              @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+") String org) {
    }

    public record ProviderView(UUID id, String name, String org, Instant createdAt) {
        static ProviderView of(Provider p) {
            return new ProviderView(p.id, p.name, p.org, p.createdAt);
        }
    }
}
