package dev.monologue.relay.aws;

import dev.monologue.relay.core.ConnectionGateway;
import dev.monologue.relay.core.Delivery;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

/**
 * Delivers frames with API Gateway's {@code PostToConnection}. {@code GoneException} is {@link Delivery#GONE} and
 * {@code PayloadTooLargeException} {@link Delivery#TOO_LARGE}; throttling (429) and server errors (5xx) are retried
 * within the {@link RetryPolicy} and then reported as {@link Delivery#THROTTLED}, a transient failure the sender
 * (or the queue) may retry. Anything else, such as a missing {@code execute-api:ManageConnections} permission
 * (403), throws.
 */
final class ManagementGateway implements ConnectionGateway {
  private static final Logger log = LoggerFactory.getLogger(ManagementGateway.class);

  private final ApiGatewayManagementApiClient client;
  private final RetryPolicy retry;
  private final Jitter jitter;

  ManagementGateway(ApiGatewayManagementApiClient client, RetryPolicy retry, Jitter jitter) {
    this.client = Objects.requireNonNull(client, "client == null");
    this.retry = Objects.requireNonNull(retry, "retry == null");
    this.jitter = Objects.requireNonNull(jitter, "jitter == null");
  }

  @Override
  public Delivery send(String connectionId, String frame) {
    SdkBytes data = SdkBytes.fromUtf8String(frame);
    long deadline = System.nanoTime() + retry.budget().toNanos();
    for (int attempt = 1; ; attempt++) {
      ApiGatewayManagementApiException transientFailure;
      try {
        client.postToConnection(r -> r.connectionId(connectionId).data(data));
        return Delivery.DELIVERED;
      } catch (GoneException e) {
        return Delivery.GONE;
      } catch (PayloadTooLargeException e) {
        return Delivery.TOO_LARGE;
      } catch (LimitExceededException e) {
        transientFailure = e;
      } catch (ApiGatewayManagementApiException e) {
        if (e.statusCode() < 500) {
          throw new IllegalStateException("API Gateway refused PostToConnection for connection " + connectionId
              + " with HTTP " + e.statusCode() + " (" + errorCode(e) + "); check that the"
              + " function may execute-api:ManageConnections on this API's @connections", e);
        }
        transientFailure = e;
      }
      long sleepMillis = jitter.millis(retry.delayCeiling(attempt).toMillis());
      if (attempt >= retry.maxAttempts() || System.nanoTime() + sleepMillis * 1_000_000 > deadline) {
        log.warn("PostToConnection to {} still failing after {} tries, reporting THROTTLED: HTTP {} {}",
            connectionId, attempt, transientFailure.statusCode(), errorCode(transientFailure));
        return Delivery.THROTTLED;
      }
      pause(sleepMillis);
    }
  }

  private static String errorCode(ApiGatewayManagementApiException e) {
    return e.awsErrorDetails() == null ? "no error code" : e.awsErrorDetails().errorCode();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // backoff between tries inside one invocation, not synchronization
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off a throttled PostToConnection", e);
    }
  }
}
