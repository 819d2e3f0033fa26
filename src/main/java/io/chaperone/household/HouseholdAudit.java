package io.chaperone.household;

import io.chaperone.audit.AuditKind;
import io.chaperone.audit.AuditRecord;
import io.chaperone.audit.AuditWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.UUID;

/**
 * Household changes on the home's own chain (so export and erasure include them), C1: committed before the row
 * changes. The detail names residents by id and rights, never an invitee's e-mail (that is personal data the
 * sealed detail need not hold: the invitation row has it until erasure).
 */
@ApplicationScoped
public class HouseholdAudit {

    @Inject
    AuditWriter audit;

    public Uni<Long> record(UUID homeId, Instant at, String actor, AuditKind kind, String outcome, String correlation,
                            String detail) {
        return audit.commit(new AuditRecord(homeId, homeId, at, actor, kind, null, null, outcome, correlation, detail));
    }

    static String rights(boolean mayDecide, boolean mayErase) {
        return "{\"mayDecide\":" + mayDecide + ",\"mayErase\":" + mayErase + "}";
    }

    static String rightsOf(UUID residentId, boolean mayDecide, boolean mayErase) {
        return "{\"residentId\":\"" + residentId + "\",\"mayDecide\":" + mayDecide + ",\"mayErase\":" + mayErase + "}";
    }
}
