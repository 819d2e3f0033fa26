package io.chaperone.relay;

import io.chaperone.cluster.ClusterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Chooses the {@link Delivery} by configuration: cluster mode on → {@link ClusterDelivery}, else {@link LocalDelivery}. */
@ApplicationScoped
public class DeliveryProducer {

    @Produces
    @ApplicationScoped
    Delivery delivery(ClusterConfig cluster, Instance<LocalDelivery> local, Instance<ClusterDelivery> remote) {
        return cluster.enabled() ? remote.get() : local.get();
    }
}
