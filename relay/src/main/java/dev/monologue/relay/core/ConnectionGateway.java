package dev.monologue.relay.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Sends one text frame to one connection: the only thing the {@link Router} needs from the socket layer, so the
 * same routing runs behind the local relay and behind API Gateway.
 */
public interface ConnectionGateway {
  /**
   * Sends {@code frame} to {@code connectionId} without blocking on the network, and says what became of it.
   * Implementations report a missing or closed connection as {@link Delivery#GONE} rather than throwing.
   */
  Delivery send(String connectionId, String frame);

  /**
   * Sends each of {@code connectionIds} its frame, {@code frameFor(id)}, and says what became of each, in the order
   * of {@code connectionIds}: a fan-out ({@code sendall}). The default sends them one after another, in order, on
   * the calling thread, which suits a gateway whose {@link #send} does not wait on the network (the local relay);
   * one whose send waits on a round trip (API Gateway's {@code PostToConnection}) sends them in parallel, in no
   * promised order. {@code frameFor} may answer null for a connection found gone as its frame was to be made (a
   * member whose lease lapsed): nothing is sent to it, and its outcome is {@link Delivery#GONE}.
   */
  default List<Delivery> sendEach(List<String> connectionIds, Function<String, String> frameFor) {
    List<Delivery> out = new ArrayList<>(connectionIds.size());
    for (String id : connectionIds) {
      String frame = frameFor.apply(id);
      out.add(frame == null ? Delivery.GONE : send(id, frame));
    }
    return out;
  }

  /**
   * Whether {@code connectionId} is connected now, for the {@code probe} action. Gateways that cannot tell throw
   * {@link UnsupportedOperationException} (the default); a transient failure to find out is any other exception.
   */
  default boolean isConnected(String connectionId) {
    throw new UnsupportedOperationException("this gateway cannot tell whether a connection is connected");
  }

  /**
   * How long ago {@code connectionId} last sent the relay a message (any frame, keep-alives included), for name
   * leases ({@link HolderLease}); null when it is not connected. Gateways that cannot tell throw
   * {@link UnsupportedOperationException} (the default), and leases then never lapse; a transient failure to find out
   * is any other exception.
   */
  default Duration silence(String connectionId) {
    throw new UnsupportedOperationException("this gateway cannot tell when a connection last sent a message");
  }

  /**
   * Closes {@code connectionId}, whose lease lapsed, so that its client reconnects and claims its names again; false
   * when it was not connected or this gateway cannot close connections (the default).
   */
  default boolean close(String connectionId) {
    return false;
  }
}
