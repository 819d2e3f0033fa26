package io.chaperone.relay;

import io.chaperone.consent.SessionState;
import io.chaperone.policy.SessionGrant;

import java.util.UUID;

/**
 * What the technician upgrade established: the redeemed ticket's technician, the session's grant, and the
 * resident whose home it is (who may revoke it).
 */
record TechnicianAdmission(SessionGrant grant, UUID homeId, String residentSubject, SessionState state,
                           String technicianSubject) {
}
