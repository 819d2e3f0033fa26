package io.chaperone.cluster;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.chaperone.support.Management.management;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** The embedded default: no NATS, no connection attempt, readiness UP in single-node mode. */
@QuarkusTest
class ClusterSingleNodeTest {

    @Inject
    ClusterBus bus;

    @Test
    void shouldRunWithoutNatsAndRefuseBusOperations() {
        assertThat(bus.enabled()).isFalse();
        assertThat(bus.connected()).isFalse();
        assertThat(bus.state()).isNull();
        assertThat(bus.nodeId()).matches(ClusterNode.VALID.pattern());
        management().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'cluster' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'cluster' }.data.mode", equalTo("single-node"));
        assertThatThrownBy(() -> bus.publish("x", new byte[0])).isInstanceOfSatisfying(ClusterException.class,
                e -> assertThat(e.code()).isEqualTo(ClusterException.Code.DISABLED));
        assertThatThrownBy(() -> bus.subscribe("x", m -> { })).isInstanceOfSatisfying(ClusterException.class,
                e -> assertThat(e.code()).isEqualTo(ClusterException.Code.DISABLED));
    }
}
