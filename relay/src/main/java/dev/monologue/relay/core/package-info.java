/**
 * The routing core the local relay and the AWS Lambda handler share: {@link dev.monologue.relay.core.Router} routes
 * each client frame as docs/protocol.md says, through a {@link dev.monologue.relay.core.ConnectionGateway}. No socket
 * code. For the relay's own fronts (local, Lambda) and the stand-in.
 */
package dev.monologue.relay.core;
