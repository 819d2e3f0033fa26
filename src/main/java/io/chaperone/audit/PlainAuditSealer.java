package io.chaperone.audit;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The default {@link AuditSealer}: stores the detail as given. Replaced by any other AuditSealer bean. */
@DefaultBean
@ApplicationScoped
public class PlainAuditSealer implements AuditSealer {

    @Override
    public Uni<List<String>> seal(List<AuditRecord> records) {
        return Uni.createFrom().item(details(records));
    }

    @Override
    public Optional<List<String>> sealNow(List<AuditRecord> records) {
        return Optional.of(details(records));
    }

    private static List<String> details(List<AuditRecord> records) {
        List<String> details = new ArrayList<>(records.size());
        for (AuditRecord r : records) {
            details.add(r.detail());
        }
        return details;
    }
}
