package dev.monologue.standin;

import java.util.List;

/**
 * What became of a batch handed to the queue function by {@link AwsStandIn#sendToQueue}.
 *
 * @param messageIds the SQS message IDs given to the batch's records, in order
 * @param failedMessageIds the IDs the function reported in {@code batchItemFailures} (SQS would retry them)
 */
public record QueueBatchResult(List<String> messageIds, List<String> failedMessageIds) {
  public QueueBatchResult {
    messageIds = List.copyOf(messageIds);
    failedMessageIds = List.copyOf(failedMessageIds);
  }
}
