package io.chaperone.relay;

import io.quarkus.websockets.next.UserData.TypedKey;

import java.util.UUID;

/** What an upgrade check learns about a connection and hands to the endpoint through its user data. */
final class RelayKeys {

    static final TypedKey<UUID> HOME_ID = new TypedKey<>("chaperone.homeId");
    static final TypedKey<io.chaperone.trust.device.HubAdmission.AdmittedHub> ADMITTED_HUB = new TypedKey<>("chaperone.admittedHub");
    static final TypedKey<TechnicianAdmission> ADMISSION = new TypedKey<>("chaperone.admission");
    static final TypedKey<LiveHub> LIVE_HUB = new TypedKey<>("chaperone.liveHub");
    static final TypedKey<LiveSession> LIVE_SESSION = new TypedKey<>("chaperone.liveSession");
    static final TypedKey<Outbox> WATCHER = new TypedKey<>("chaperone.watcher");
    static final TypedKey<AbuseCounter> ABUSE = new TypedKey<>("chaperone.abuse");
    static final TypedKey<String> RESIDENT = new TypedKey<>("chaperone.resident");
    static final TypedKey<TechnicianClaims.Claim> CLAIM = new TypedKey<>("chaperone.claim");
    static final TypedKey<io.chaperone.cluster.HubLease> PRESENCE = new TypedKey<>("chaperone.presence");
    static final TypedKey<DenialLog> DENIALS = new TypedKey<>("chaperone.denials");

    private RelayKeys() {
    }
}
