package io.chaperone.load;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a run's hubs and sessions come from: the gateway's REST API, the way users make them ({@link BenchWorld}),
 * or nothing but local keys for the bare relay of scenario 00 ({@link BareWorld}). The sockets, frames and
 * connection counts that follow are the same for both.
 */
interface World {

    /** A hub's home, id and identity (the key and certificate it connects with). */
    record HubSeat(String homeId, String hubId, HubIdentity identity) {
    }

    /** {@code n} hubs ready to connect, {@code perHome} to a home; each gets a host name of {@code connector}. */
    List<HubSeat> hubs(HubConnector connector, int n, int perHome);

    /** A session a technician may open on {@code hub} for {@code minutes}; its id. */
    CompletableFuture<String> approvedSession(HubSeat hub, int minutes);

    /** The credential the technician's socket presents for session {@code sid}. */
    CompletableFuture<String> connectTicket(String sid);
}
