package dev.monologue.bench;

/**
 * AWS list prices in us-east-1 (N. Virginia), the one place the cost bench takes them from: on-demand, no free tier,
 * first pricing tier, Lambda on x86_64 (template.yaml sets no {@code Architectures}, so x86_64). Read from AWS's pricing
 * pages on {@value #AS_OF}; check them there before quoting a figure:
 * <ul>
 *   <li>Lambda: https://aws.amazon.com/lambda/pricing/ (SnapStart on Java runtimes adds no charge)
 *   <li>API Gateway WebSocket APIs: https://aws.amazon.com/api-gateway/pricing/ (messages in 32 KB increments)
 *   <li>DynamoDB on demand: https://aws.amazon.com/dynamodb/pricing/on-demand/
 *   <li>SQS standard queues: https://aws.amazon.com/sqs/pricing/
 * </ul>
 */
final class AwsPrices {
  static final String AS_OF = "2026-12-05";
  static final String REGION = "us-east-1";

  /** Per Lambda request (invocation): $0.20 per million. */
  static final double LAMBDA_REQUEST = 0.20 / 1e6;
  /** Per GB-second of Lambda duration, x86_64, first 6 billion GB-s a month. */
  static final double LAMBDA_GB_SECOND = 0.0000166667;
  /** Per API Gateway WebSocket message, sent or received, per 32 KB: $1.00 per million (first billion a month). */
  static final double WEBSOCKET_MESSAGE = 1.00 / 1e6;
  /** Per connection minute: $0.25 per million. */
  static final double CONNECTION_MINUTE = 0.25 / 1e6;
  /** Per DynamoDB on-demand read request unit: $0.125 per million. */
  static final double DYNAMODB_READ_UNIT = 0.125 / 1e6;
  /** Per DynamoDB on-demand write request unit: $0.625 per million. */
  static final double DYNAMODB_WRITE_UNIT = 0.625 / 1e6;
  /** Per SQS standard-queue request (64 KB chunks): $0.40 per million. None of the measured paths uses SQS. */
  static final double SQS_REQUEST = 0.40 / 1e6;

  private AwsPrices() {}
}
