package dev.monologue.standin;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
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
  /** The {@code x-api-key} the client connected with, or null. */
  private final String apiKey;
  private volatile Instant lastActiveAt;
  /** Set once {@code $connect} answered 200, cleared on disconnect: only then does {@code @connections} reach it. */
  private volatile boolean established;
  /** The {@code $connect} invocation: message invocations wait for it, as API Gateway's do for the handshake. */
  private final CompletableFuture<Void> connected = new CompletableFuture<>();
  /** With {@link DisconnectDelivery#EARLY}, the {@code $disconnect} invocation once the connection closed. */
  private volatile CompletableFuture<Void> disconnectedEarly;
  /** Invocations queued or running for this connection (by identity); guarded by {@code this}. */
  private final Set<CompletableFuture<Void>> inFlight = new HashSet<>();

  StandInConnection(String localId, String gatewayId, Instant connectedAt, String sourceIp, String userAgent) {
    this(localId, gatewayId, connectedAt, sourceIp, userAgent, null);
  }

  StandInConnection(String localId, String gatewayId, Instant connectedAt, String sourceIp, String userAgent,
      String apiKey) {
    this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
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

  /** The API key the client connected with, or null. */
  String apiKey() {
    return apiKey;
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

  /** Records the early {@code $disconnect} invocation, which messages not yet invoked then wait for. */
  void disconnectedEarly(CompletableFuture<Void> invocation) {
    disconnectedEarly = invocation;
  }

  /** The early {@code $disconnect} invocation, or null when none was made. */
  CompletableFuture<Void> disconnectedEarly() {
    return disconnectedEarly;
  }

  /** Records the {@code $connect} invocation, which the connection's message invocations wait for. */
  void connecting(CompletableFuture<Void> invocation) {
    track(invocation);
    invocation.whenComplete((ignored, e) -> connected.complete(null));
  }

  /** Completes once {@code $connect} has answered, as API Gateway completes the handshake only then. */
  CompletableFuture<Void> connected() {
    return connected;
  }

  /** Counts {@code invocation} among those {@link #afterAll} waits for, until it finishes. */
  synchronized void track(CompletableFuture<Void> invocation) {
    inFlight.add(invocation);
    invocation.whenComplete((ignored, e) -> {
      synchronized (this) {
        inFlight.remove(invocation);
      }
    });
  }

  /** Completes once every invocation tracked so far has finished: {@code $disconnect} comes after them. */
  synchronized CompletableFuture<Void> afterAll() {
    return CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
  }
}
