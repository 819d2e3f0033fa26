package io.chaperone.relay;

import io.chaperone.consent.SessionState;
import io.chaperone.policy.SessionGrant;

import java.util.UUID;

/** What the technician upgrade established: the redeemed ticket's technician and the session's grant. */
record TechnicianAdmission(SessionGrant grant, UUID homeId, SessionState state, String technicianSubject) {
}
