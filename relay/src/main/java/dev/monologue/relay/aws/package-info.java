/**
 * The AWS Lambda handlers ({@link dev.monologue.relay.aws.WebSocketHandler} behind API Gateway,
 * {@link dev.monologue.relay.aws.QueueHandler} behind the SQS ingress queue) and their {@code @connections} client.
 * What the relay's Lambda jar runs; the stand-in drives the same handlers in tests.
 */
package dev.monologue.relay.aws;
