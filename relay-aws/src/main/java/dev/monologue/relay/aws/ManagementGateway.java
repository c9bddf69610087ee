package dev.monologue.relay.aws;

import dev.monologue.relay.core.ConnectionGateway;
import dev.monologue.relay.core.Delivery;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

/**
 * Delivers frames with API Gateway's {@code PostToConnection}, and never throws: every outcome is a
 * {@link Delivery}, so the router always has an answer for the sender. {@code GoneException} (410) is
 * {@link Delivery#GONE}, {@code PayloadTooLargeException} (413) {@link Delivery#TOO_LARGE}; 429 and 5xx are
 * retried within the {@link RetryPolicy}, then 429 is {@link Delivery#THROTTLED} and 5xx
 * {@link Delivery#UNCERTAIN}. Any other HTTP answer (403 without {@code execute-api:ManageConnections}, 400) and a
 * connection that could not be made are {@link Delivery#FAILED}; a timeout or a connection lost mid-request is
 * {@link Delivery#UNCERTAIN} (the frame may have arrived: not retried, calls are delivered at most once).
 */
final class ManagementGateway implements ConnectionGateway {
  private static final Logger log = LoggerFactory.getLogger(ManagementGateway.class);

  private final ApiGatewayManagementApiClient client;
  private final RetryPolicy retry;
  private final Jitter jitter;
  /** Where a fan-out's posts run; null to send them one after another. */
  private final FanOutPool fanOuts;

  ManagementGateway(ApiGatewayManagementApiClient client, RetryPolicy retry, Jitter jitter) {
    this(client, retry, jitter, null);
  }

  ManagementGateway(ApiGatewayManagementApiClient client, RetryPolicy retry, Jitter jitter, FanOutPool fanOuts) {
    this.client = Objects.requireNonNull(client, "client == null");
    this.retry = Objects.requireNonNull(retry, "retry == null");
    this.jitter = Objects.requireNonNull(jitter, "jitter == null");
    this.fanOuts = fanOuts;
  }

  /** A fan-out's posts, {@link FanOutPool#threads()} at a time: each waits on its own HTTP round trip. */
  @Override
  public List<Delivery> sendEach(List<String> connectionIds, Function<String, String> frameFor) {
    return fanOuts == null || connectionIds.size() < 2 ? ConnectionGateway.super.sendEach(connectionIds, frameFor)
        : fanOuts.sendEach(connectionIds, frameFor, this::send);
  }

  @Override
  public Delivery send(String connectionId, String frame) {
    SdkBytes data = SdkBytes.fromUtf8String(frame);
    long deadline = System.nanoTime() + retry.budget().toNanos();
    for (int attempt = 1; ; attempt++) {
      ApiGatewayManagementApiException retriable;
      try {
        client.postToConnection(r -> r.connectionId(connectionId).data(data));
        return Delivery.DELIVERED;
      } catch (GoneException e) {
        return Delivery.GONE;
      } catch (PayloadTooLargeException e) {
        return Delivery.TOO_LARGE;
      } catch (LimitExceededException e) {
        retriable = e;
      } catch (ApiGatewayManagementApiException e) {
        if (e.statusCode() < 500) {
          log.error("API Gateway refused PostToConnection for connection {} with HTTP {} ({}); when 403, check that"
              + " the function may execute-api:ManageConnections on this API's POST/@connections/*",
              connectionId, e.statusCode(), errorCode(e));
          return Delivery.FAILED;
        }
        retriable = e;
      } catch (SdkClientException e) {
        return clientFailure(connectionId, e);
      } catch (RuntimeException e) {
        log.error("PostToConnection to {} failed unexpectedly", connectionId, e);
        return Delivery.UNCERTAIN;
      }
      long sleepMillis = jitter.millis(retry.delayCeiling(attempt).toMillis());
      if (attempt >= retry.maxAttempts() || System.nanoTime() + sleepMillis * 1_000_000 > deadline) {
        log.warn("PostToConnection to {} still failing after {} tries: HTTP {} {}", connectionId, attempt,
            retriable.statusCode(), errorCode(retriable));
        return retriable instanceof LimitExceededException ? Delivery.THROTTLED : Delivery.UNCERTAIN;
      }
      if (!pause(sleepMillis)) {
        return Delivery.UNCERTAIN;
      }
    }
  }

  /** No HTTP answer: the request never left (FAILED) or its fate is unknown (UNCERTAIN). */
  private static Delivery clientFailure(String connectionId, SdkClientException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
        log.error("PostToConnection to {} could not reach the management API: {}", connectionId, t.toString());
        return Delivery.FAILED;
      }
    }
    log.warn("PostToConnection to {} got no answer in time: {}", connectionId, e.toString());
    return Delivery.UNCERTAIN;
  }

  /**
   * {@code GET @connections/{id}}: 200 is connected, {@code GoneException} (410) is not. Throttling and other
   * failures throw, and the probe is answered {@code THROTTLED}: a probe is cheap to repeat, so it is not retried.
   * A 403 is a deployment error, logged naming the permission the function lacks.
   */
  @Override
  public boolean isConnected(String connectionId) {
    try {
      getConnection(connectionId);
      return true;
    } catch (GoneException e) {
      return false;
    }
  }

  /** {@code GET @connections/{id}}; a 403 is logged naming the permission the function lacks. */
  private GetConnectionResponse getConnection(String connectionId) {
    try {
      return client.getConnection(r -> r.connectionId(connectionId));
    } catch (GoneException e) {
      throw e;
    } catch (ApiGatewayManagementApiException e) {
      if (e.statusCode() == 403) {
        log.error("API Gateway refused GetConnection for connection {} with HTTP 403 ({}): the function may not"
            + " execute-api:ManageConnections on this API's GET/@connections/*; add that resource to its policy"
            + " (template.yaml), else probes and the recovery of names whose holder vanished never find a gone"
            + " connection", connectionId, errorCode(e));
      }
      throw e;
    }
  }

  /**
   * How long ago {@code connectionId} last sent a message, from {@code GET @connections/{id}}'s {@code lastActiveAt}
   * (API Gateway counts every message, keep-alives its mock answers included); null when it is gone (410). Other
   * failures throw, and the holder keeps its names ({@code HolderLease}).
   */
  @Override
  public Duration silence(String connectionId) {
    GetConnectionResponse info;
    try {
      info = getConnection(connectionId);
    } catch (GoneException e) {
      return null;
    }
    Instant last = info.lastActiveAt() != null ? info.lastActiveAt() : info.connectedAt();
    if (last == null) {
      throw new IllegalStateException("GET @connections/" + connectionId + " answered no lastActiveAt");
    }
    Duration silence = Duration.between(last, Instant.now());
    return silence.isNegative() ? Duration.ZERO : silence; // the two clocks may differ by a little
  }

  /**
   * {@code DELETE @connections/{id}}: closes a connection whose lease lapsed, so that its client, if it comes back,
   * reconnects and claims its names again; false when it was gone already or the call failed (logged; a 403 names
   * the permission the function lacks). API Gateway sends the client a close frame, and {@code $disconnect} follows.
   */
  @Override
  public boolean close(String connectionId) {
    try {
      client.deleteConnection(r -> r.connectionId(connectionId));
      return true;
    } catch (GoneException e) {
      return false;
    } catch (ApiGatewayManagementApiException e) {
      if (e.statusCode() == 403) {
        log.error("API Gateway refused DeleteConnection for connection {} with HTTP 403 ({}): the function may not"
            + " execute-api:ManageConnections on this API's DELETE/@connections/*; add that resource to its policy"
            + " (template.yaml), else a holder whose lease lapsed stays connected", connectionId, errorCode(e));
      } else {
        log.warn("DeleteConnection for connection {} failed: HTTP {} {}", connectionId, e.statusCode(), errorCode(e));
      }
      return false;
    } catch (RuntimeException e) {
      log.warn("DeleteConnection for connection {} failed", connectionId, e);
      return false;
    }
  }

  private static String errorCode(ApiGatewayManagementApiException e) {
    return e.awsErrorDetails() == null ? "no error code" : e.awsErrorDetails().errorCode();
  }

  /** Backs off between tries inside one invocation (not synchronization); false when interrupted. */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
