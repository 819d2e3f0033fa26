package io.chaperone.notify;

import java.util.Arrays;
import java.util.Optional;

/** What a resident is told about; the wire name is the webhook's {@code type} and the live frame's {@code kind}. */
public enum NotificationKind {
    APPROVAL_NEEDED("approval.needed"),
    ESCALATION_REQUESTED("escalation.requested"),
    ANOMALY_FLAGGED("anomaly.flagged"),
    SESSION_ENDED("session.ended"),
    REPORT_READY("report.ready"),
    ROLLBACK_DONE("rollback.done"),
    ACCESS_REVIEW_READY("access_review.ready");

    private final String wireName;

    NotificationKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() { return wireName; }

    public static Optional<NotificationKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
}
