package io.chaperone.trust.device;

import io.chaperone.identity.CurrentCaller;
import io.chaperone.identity.People;
import io.chaperone.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import java.util.UUID;

/** {@code /api/v1/ops/vendor-keys} (ops): vendors' Ed25519 keys per device model, for firmware.update signatures. */
@Path("/api/v1/ops/vendor-keys")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VendorKeyResource {

    @Inject
    CurrentCaller current;
    @Inject
    People people;
    @Inject
    FirmwareUpdates updates;
    @Inject
    DeviceTrustAudit trustAudit;
    @Inject
    Clock clock;

    @POST
    public Uni<Response> register(@NotNull @Valid NewVendorKey body) {
        try {
            FirmwareSignature.publicKey(body.publicKey());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_key", "publicKey must be a base64 raw 32-byte Ed25519 key");
        }
        return store(body).call(updates::reload).map(saved -> Response.status(201).entity(VendorKeyView.of(saved)).build());
    }

    @WithTransaction
    Uni<VendorKey> store(NewVendorKey body) {
        String actor = current.get().subject();
        return people.operator(current.get())
                .chain(() -> VendorKey.count("model = ?1 and publicKey = ?2", body.model(), body.publicKey()))
                .chain(existing -> {
                    if (existing > 0) {
                        return Uni.createFrom().failure(ProblemException.conflict("vendor_key_exists",
                                "this key is already registered for the model"));
                    }
                    VendorKey key = new VendorKey();
                    key.id = UUID.randomUUID();
                    key.model = body.model();
                    key.publicKey = body.publicKey();
                    key.createdAt = clock.instant();
                    return trustAudit.vendorKeyRegistered(key, actor)
                            .chain(seq -> key.<VendorKey>persist());
                });
    }

    @GET
    @WithTransaction
    public Uni<List<VendorKeyView>> list() {
        return people.operator(current.get())
                .chain(() -> VendorKey.<VendorKey>list("order by model, createdAt"))
                .map(all -> all.stream().map(VendorKeyView::of).toList());
    }

    public record NewVendorKey(@NotBlank @Size(max = 100) String model, @NotBlank @Size(max = 64) String publicKey) {
    }

    public record VendorKeyView(UUID id, String model, String publicKey, Instant createdAt) {
        static VendorKeyView of(VendorKey key) {
            return new VendorKeyView(key.id, key.model, key.publicKey, key.createdAt);
        }
    }
}
