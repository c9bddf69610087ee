/**
 * A local imitation of API Gateway's WebSocket API, Lambda and the SQS event source, running the relay's real
 * Lambda handlers: {@link dev.monologue.standin.AwsStandIn}. For tests only; never in the Lambda jar.
 */
package dev.monologue.standin;
