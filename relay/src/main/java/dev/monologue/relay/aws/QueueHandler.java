package dev.monologue.relay.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonFactory;
import dev.monologue.relay.core.ConnectionGateway;
import dev.monologue.relay.core.Delivery;
import dev.monologue.wire.RelayFrames;
import dev.monologue.wire.ReservedSenders;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda function behind the ingress SQS queue: each message {@code {"to":T,"payload":P}} is delivered to
 * connection T as {@code {"to":T,"from":"$queue","payload":P}}. Transient failures (throttling, API Gateway 5xx,
 * network errors) are reported as partial batch failures so SQS retries just those messages (and, after the
 * redrive limit, moves them to the dead-letter queue). A message whose target is gone, or that can never be
 * delivered (malformed, too large), is logged and dropped: retrying it could not help.
 *
 * <p>Handler string: {@code dev.monologue.relay.aws.QueueHandler::handleRequest}; the event source mapping must
 * have {@code FunctionResponseTypes: [ReportBatchItemFailures]}. Environment: {@code MONOLOGUE_MANAGEMENT_ENDPOINT}
 * (required), the WebSocket API's {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}.
 */
public final class QueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
  private static final Logger log = LoggerFactory.getLogger(QueueHandler.class);

  private final ManagementClients clients;
  private final JsonFactory json = new JsonFactory();
  private volatile ConnectionGateway gateway;

  /** The constructor Lambda calls: settings from the environment, the SDK client built here, in the init phase. */
  public QueueHandler() {
    this(ManagementSettings.fromEnvironment(System.getenv()));
    Core.getGlobalContext().register(this);
  }

  /** A handler reaching {@code @connections} as {@code settings} say (an endpoint is required). */
  public QueueHandler(ManagementSettings settings) {
    if (settings.endpointOverride() == null) {
      throw new IllegalStateException(ManagementSettings.ENDPOINT_VARIABLE + " is not set; set it to the WebSocket"
          + " API's management endpoint, https://{api}.execute-api.{region}.amazonaws.com/{stage}");
    }
    this.clients = new ManagementClients(settings);
  }

  /** Before a SnapStart snapshot: primes the {@code @connections} client (see {@link ManagementClients}). */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    clients.beforeCheckpoint(context);
  }

  /** After a SnapStart restore: draws fresh retry jitter. */
  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    clients.afterRestore(context);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
    for (SQSEvent.SQSMessage m : records) {
      if (!deliver(m)) {
        failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }

  /** False when the message should be retried. */
  private boolean deliver(SQSEvent.SQSMessage m) {
    QueueMessage message;
    try {
      message = QueueMessage.parse(json, m.getBody());
    } catch (QueueMessage.MalformedException e) {
      log.error("Dropping queue message {}: {}", m.getMessageId(), e.getMessage());
      return true;
    }
    Delivery d;
    try {
      d = gateway().send(message.to(), RelayFrames.deliver(message.to(), ReservedSenders.QUEUE, message.body(),
          message.payloadStart(), message.payloadEnd()));
    } catch (RuntimeException e) {
      log.error("Could not deliver queue message {} to connection {}; SQS will retry it", m.getMessageId(),
          message.to(), e);
      return false;
    }
    switch (d) {
      case DELIVERED:
        return true;
      case GONE:
        log.warn("Dropping queue message {}: connection {} is not connected", m.getMessageId(), message.to());
        return true;
      case TOO_LARGE:
        log.error("Dropping queue message {}: too large for API Gateway to deliver to connection {}",
            m.getMessageId(), message.to());
        return true;
      case THROTTLED:
      case OVERLOADED:
        log.warn("Queue message {} to connection {} not delivered ({}); SQS will retry it", m.getMessageId(),
            message.to(), d);
        return false;
      default:
        throw new AssertionError(d);
    }
  }

  private ConnectionGateway gateway() {
    ConnectionGateway g = gateway;
    if (g == null) {
      // benign race: two threads may build one each, both equivalent; the client itself is cached
      g = new ManagementGateway(clients.client(clients.settings().endpointOverride()), clients.settings().retry(),
          clients.jitter());
      gateway = g;
    }
    return g;
  }
}
