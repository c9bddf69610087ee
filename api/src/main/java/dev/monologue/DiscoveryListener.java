package dev.monologue;

/**
 * Told of the changes to a watched name or group, one {@link DiscoveryEvent} at a time and in order, on the client's
 * events thread (the one {@link ConnectionListener}s run on): keep it quick, and never block it on a call.
 */
@FunctionalInterface
public interface DiscoveryListener {
  /** One change; an exception thrown here is logged and the next event still comes. */
  void onEvent(DiscoveryEvent event);
}
