package io.chaperone.consent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * One immutable version of a session template: written once when the version is made (a trigger refuses updates),
 * read when a session must be judged by the version it was requested and approved under.
 */
@Entity
@Table(name = "session_template_versions")
@IdClass(SessionTemplateVersion.Key.class)
public class SessionTemplateVersion extends PanacheEntityBase {

    /** The composite id (template, version). */
    public static class Key implements Serializable {
        public UUID templateId;
        public int version;

        public Key() {
        }

        public Key(UUID templateId, int version) {
            this.templateId = templateId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(templateId, k.templateId) && version == k.version;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(templateId, version);
        }
    }

    @Id
    @Column(name = "template_id")
    public UUID templateId;
    @Id
    public int version;
    public String name;
    public String description;
    public String ops;
    @Column(name = "device_kinds")
    public String deviceKinds;
    @Column(name = "max_duration_minutes")
    public int maxDurationMinutes;
    @Column(name = "redaction_defaults")
    public String redactionDefaults;
    @Column(name = "expected_command_rate")
    public int expectedCommandRate;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;

    /** The template's current content, frozen as its current version. */
    static SessionTemplateVersion of(SessionTemplate t, String createdBy, Instant now) {
        SessionTemplateVersion v = new SessionTemplateVersion();
        v.templateId = t.id;
        v.version = t.version;
        v.name = t.name;
        v.description = t.description;
        v.ops = t.ops;
        v.deviceKinds = t.deviceKinds;
        v.maxDurationMinutes = t.maxDurationMinutes;
        v.redactionDefaults = t.redactionDefaults;
        v.expectedCommandRate = t.expectedCommandRate;
        v.createdAt = now;
        v.createdBy = createdBy;
        return v;
    }

    /** A detached template holding this version's content (owner and review date are the current ones). */
    SessionTemplate asTemplate(SessionTemplate current) {
        SessionTemplate t = new SessionTemplate();
        t.id = templateId;
        t.version = version;
        t.name = name;
        t.description = description;
        t.ops = ops;
        t.deviceKinds = deviceKinds;
        t.maxDurationMinutes = maxDurationMinutes;
        t.redactionDefaults = redactionDefaults;
        t.expectedCommandRate = expectedCommandRate;
        t.createdAt = current.createdAt;
        t.owner = current.owner;
        t.reviewBy = current.reviewBy;
        return t;
    }
}
