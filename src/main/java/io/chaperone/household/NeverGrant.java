package io.chaperone.household;

import io.chaperone.policy.DataClass;
import io.chaperone.policy.Operation;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a home's never-grant list: a device, an operation, a device + operation pair, or a data class that no
 * session of the home may include (ADR 0021).
 */
@Entity
@Table(name = "home_never_grants")
public class NeverGrant extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "home_id")
    public UUID homeId;
    @Column(name = "device_id")
    public String deviceId;
    public String operation;
    @Column(name = "data_class")
    public String dataClass;
    public String note;
    @Column(name = "created_by")
    public UUID createdBy;
    @Column(name = "created_at")
    public Instant createdAt;

    public Operation op() {
        return operation == null ? null : Operation.fromWire(operation).orElseThrow();
    }

    public DataClass dataClassValue() {
        return dataClass == null ? null : DataClass.fromWire(dataClass).orElseThrow();
    }

    /** How the entry reads in a refusal: {@code device camera-1}, {@code operation firmware.update on lock-1}, … */
    public String describe() {
        if (dataClass != null) {
            return "data class " + dataClass;
        }
        if (deviceId != null && operation != null) {
            return "operation " + operation + " on device " + deviceId;
        }
        return deviceId != null ? "device " + deviceId : "operation " + operation;
    }
}
