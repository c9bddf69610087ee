package dev.monologue.relay.aws;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection as the API Gateway stand-in sees it: the socket's local ID, the API-Gateway-style ID the
 * Lambda handler knows it by, and what {@code GET @connections/{id}} reports.
 */
final class StandInConnection {
  private final String localId;
  private final String gatewayId;
  private final Instant connectedAt;
  private final String sourceIp;
  private final String userAgent;
  private volatile Instant lastActiveAt;
  /** Set once {@code $connect} answered 200, cleared on disconnect: only then does {@code @connections} reach it. */
  private volatile boolean established;
  /** The last invocation queued for this connection: API Gateway invokes in the order the frames came. */
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  StandInConnection(String localId, String gatewayId, Instant connectedAt, String sourceIp, String userAgent) {
    this.localId = localId;
    this.gatewayId = gatewayId;
    this.connectedAt = connectedAt;
    this.sourceIp = sourceIp;
    this.userAgent = userAgent;
    this.lastActiveAt = connectedAt;
  }

  String localId() {
    return localId;
  }

  String gatewayId() {
    return gatewayId;
  }

  Instant connectedAt() {
    return connectedAt;
  }

  String sourceIp() {
    return sourceIp;
  }

  String userAgent() {
    return userAgent;
  }

  Instant lastActiveAt() {
    return lastActiveAt;
  }

  void touch() {
    lastActiveAt = Instant.now();
  }

  boolean established() {
    return established;
  }

  void established(boolean established) {
    this.established = established;
  }

  /** Chains {@code next} after everything queued for this connection so far. */
  synchronized CompletableFuture<Void> then(java.util.function.Function<CompletableFuture<Void>,
      CompletableFuture<Void>> next) {
    tail = next.apply(tail);
    return tail;
  }
}
