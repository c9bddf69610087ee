package dev.monologue.relay;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A relay the command line runs, with its admin port when there is one. {@link #close()} drains first: health
 * answers 503 for the drain time, so that load balancers stop sending clients, then the relay closes its
 * connections, then the admin port closes.
 */
final class RunningRelay implements AutoCloseable {
  private final LocalRelay relay;
  /** Null without an admin port. */
  private final AdminServer admin;
  private final Duration drainTime;
  private final CountDownLatch closing = new CountDownLatch(1);

  RunningRelay(LocalRelay relay, AdminServer admin, Duration drainTime) {
    this.relay = relay;
    this.admin = admin;
    this.drainTime = drainTime;
  }

  LocalRelay relay() {
    return relay;
  }

  /** The admin port's address, or null when there is none. */
  URI adminAddress() {
    return admin == null ? null : admin.address();
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.drain();
      try {
        // The drain time is the point of draining: clients keep being served while health says 503.
        closing.await(drainTime.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      relay.close();
    } finally {
      if (admin != null) {
        admin.close();
      }
    }
  }
}
