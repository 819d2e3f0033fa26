package io.chaperone.household;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.time.Duration;

/** {@code chaperone.household.*}: invitations and the start-by deadline of approvals (ADR 0020). */
@ConfigMapping(prefix = "chaperone.household")
public interface HouseholdConfig {

    /** How long an invitation may be accepted. */
    @WithName("invitation-ttl")
    Duration invitationTtl();

    /** How long after the approval the technician may first connect. */
    @WithName("start-by")
    StartBy startBy();

    interface StartBy {
        /** When the approver names none. */
        @WithName("default")
        Duration defaultWindow();

        /** The shortest window an approver may give. */
        Duration min();

        /** The longest window an approver may give. */
        Duration max();
    }
}
