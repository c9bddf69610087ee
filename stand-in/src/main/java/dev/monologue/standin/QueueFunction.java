package dev.monologue.standin;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.monologue.relay.aws.ManagementSettings;
import dev.monologue.relay.aws.QueueHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The queue function as the SQS event source mapping invokes it: the real {@link QueueHandler}, one batch an
 * invocation, within its reserved concurrency and timeout; a throttled or failed invocation fails the whole batch.
 */
final class QueueFunction {
  private final QueueHandler handler;
  private final String queueArn;
  private final LambdaEvents events;
  private final FunctionRuntime runtime;
  private final ReservedConcurrency reserved;

  QueueFunction(ManagementSettings settings, String stage, LambdaEvents events, FunctionRuntime runtime,
      ReservedConcurrency reserved) {
    this.handler = new QueueHandler(settings);
    this.queueArn = "arn:aws:sqs:" + AwsStandIn.REGION + ":" + AwsStandIn.ACCOUNT + ":monologue-" + stage
        + "-ingress";
    this.events = events;
    this.runtime = runtime;
    this.reserved = reserved;
  }

  /** Primes the handler, as SnapStart does before the first invocation. */
  void prime() {
    SnapStart.beforeSnapshot(handler.snapStartHooks());
  }

  /** See {@link AwsStandIn#sendToQueue}. */
  QueueBatchResult invoke(List<String> bodies) {
    Objects.requireNonNull(bodies, "bodies == null");
    if (bodies.isEmpty() || bodies.size() > 10) {
      throw new IllegalArgumentException("an SQS batch holds 1 to 10 messages, was " + bodies.size());
    }
    List<String> ids = new ArrayList<>();
    SQSEvent event = events.queueEvent(events.queueBatch(bodies, queueArn, ids));
    StandInContext context = new StandInContext(UUID.randomUUID().toString(), "monologue-queue",
        (int) runtime.timeout().toMillis());
    if (!reserved.tryStart()) {
      return new QueueBatchResult(ids, ids); // throttled by Lambda: the messages stay in the queue, to be retried
    }
    try {
      return new QueueBatchResult(ids, events.batchItemFailures(
          runtime.invoke("monologue-queue", () -> handler.handleRequest(event, context))));
    } catch (FunctionRuntime.FunctionError e) {
      return new QueueBatchResult(ids, ids); // a failed invocation fails the whole batch: SQS retries every record
    } finally {
      reserved.finished();
    }
  }
}
