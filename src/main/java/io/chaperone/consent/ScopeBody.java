package io.chaperone.consent;

import io.chaperone.policy.Operation;
import io.chaperone.policy.Scope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;

/** A scope as a client writes it: grants of devices × operations, no version (the gateway numbers scopes). */
public record ScopeBody(@NotNull @Size(min = 1, max = 64) List<@NotNull @Valid GrantBody> grants) {

    public record GrantBody(@NotEmpty @Size(max = 256) Set<@NotBlank @Size(max = 128) String> devices,
                            @NotEmpty Set<@NotNull Operation> ops) {
    }

    public Scope toScope() {
        return new Scope(0, grants.stream().map(g -> new Scope.Grant(g.devices(), g.ops())).toList());
    }
}
