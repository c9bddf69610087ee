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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda function behind the ingress SQS queue: each message {@code {"to":T,"payload":P}} is delivered to
 * connection T as {@code {"to":T,"from":"$queue","payload":P}}. A message that was certainly not delivered
 * (throttled, the management API unreachable or refusing) and a malformed one are reported as batch item failures:
 * SQS retries just those and, after {@code maxReceiveCount}, moves them to the dead-letter queue, where a malformed
 * one can be inspected. A message whose target is gone or that is too large to deliver is logged and dropped, and so
 * is one whose delivery may have happened (a timeout): delivery is at most once. The handler stops taking records
 * once too little of the function's time remains for one more post, and reports the rest as failures, so a
 * timed-out invocation never makes SQS deliver again what was already delivered.
 *
 * <p>Handler string: {@code dev.monologue.relay.aws.QueueHandler::handleRequest}; the event source mapping must
 * have {@code FunctionResponseTypes: [ReportBatchItemFailures]}. Environment: {@code MONOLOGUE_MANAGEMENT_ENDPOINT}
 * (required), the WebSocket API's {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}.
 */
public final class QueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger log = LoggerFactory.getLogger(QueueHandler.class);
  /** Time kept in hand beyond one post's worst case before taking another record (logging, the response). */
  static final Duration DEADLINE_MARGIN = Duration.ofMillis(500);

  private final ManagementClients clients;
  private final JsonFactory json = new JsonFactory();
  private volatile ConnectionGateway gateway;

  /** The constructor Lambda calls: settings from the environment, the SDK client built here, in the init phase. */
  public QueueHandler() {
    this(ManagementSettings.fromEnvironment(System.getenv()));
    Core.getGlobalContext().register(clients);
  }

  /** A handler reaching {@code @connections} as {@code settings} say (an endpoint is required). */
  public QueueHandler(ManagementSettings settings) {
    if (settings.endpointOverride() == null) {
      throw new IllegalStateException(ManagementSettings.ENDPOINT_VARIABLE + " is not set; set it to the WebSocket"
          + " API's management endpoint, https://{api}.execute-api.{region}.amazonaws.com/{stage}");
    }
    this.clients = new ManagementClients(settings);
  }

  /**
   * What SnapStart runs around its snapshot, registered by the constructor Lambda calls: before it, one request
   * primes the {@code @connections} client; after the restore, the retry jitter is drawn afresh.
   */
  public Resource snapStartHooks() {
    return clients;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
    long needed = clients.settings().retry().worstCase().plus(DEADLINE_MARGIN).toMillis();
    for (int i = 0; i < records.size(); i++) {
      SQSEvent.SQSMessage m = records.get(i);
      if (context != null && context.getRemainingTimeInMillis() < needed) {
        // Stop before Lambda's deadline: a timed-out invocation fails the whole batch, and SQS would deliver the
        // records already delivered again. The records not reached are retried, and only they.
        log.warn("{} ms left, {} needed per record: leaving {} of {} records to SQS", context.getRemainingTimeInMillis(),
            needed, records.size() - i, records.size());
        for (SQSEvent.SQSMessage rest : records.subList(i, records.size())) {
          failures.add(new SQSBatchResponse.BatchItemFailure(rest.getMessageId()));
        }
        break;
      }
      if (!deliver(m)) {
        failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }

  /** False when the message goes back to the queue (and, after {@code maxReceiveCount}, to the dead-letter queue). */
  private boolean deliver(SQSEvent.SQSMessage m) {
    QueueMessage message;
    try {
      message = QueueMessage.parse(json, m.getBody());
    } catch (QueueMessage.MalformedException e) {
      log.error("Queue message {} is malformed, leaving it to go to the dead-letter queue: {}", m.getMessageId(),
          e.getMessage());
      return false;
    }
    try (InvocationLogContext ignored = InvocationLogContext.open(message.to(), ReservedSenders.QUEUE)) {
      return deliver(m, message);
    }
  }

  private boolean deliver(SQSEvent.SQSMessage m, QueueMessage message) {
    Delivery d = gateway().send(message.to(), RelayFrames.deliver(message.to(), ReservedSenders.QUEUE, message.body(),
        message.payloadStart(), message.payloadEnd()));
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
      case UNCERTAIN:
        // it may have arrived: sending it again could deliver it twice (delivery is at most once)
        log.error("Dropping queue message {}: its delivery to connection {} may or may not have happened",
            m.getMessageId(), message.to());
        return true;
      case THROTTLED:
      case OVERLOADED:
      case BUSY:
      case FAILED:
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
