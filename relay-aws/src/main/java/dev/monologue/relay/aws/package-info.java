/**
 * The AWS Lambda handlers ({@link dev.monologue.relay.aws.WebSocketHandler} behind API Gateway,
 * {@link dev.monologue.relay.aws.QueueHandler} behind the SQS ingress queue) and their {@code @connections} client.
 * What the relay's Lambda jar runs; the stand-in drives the same handlers in tests. Only the Lambda deployment
 * (template.yaml) and the stand-in module depend on it.
 */
package dev.monologue.relay.aws;
