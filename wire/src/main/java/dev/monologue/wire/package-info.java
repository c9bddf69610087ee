/**
 * The Monologue wire protocol, described in docs/protocol.md: frame kinds ({@link dev.monologue.wire.Action},
 * {@link dev.monologue.wire.PayloadType}), the one list of error codes ({@link dev.monologue.wire.ErrorCode}), the
 * reserved senders, the limits, and the writing of frames. The client and the relay (local, Lambda, stand-in) both
 * depend on it, so that each fact is written once. It depends on the JDK and jackson-core only.
 */
package dev.monologue.wire;
