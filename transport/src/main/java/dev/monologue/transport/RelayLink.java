package dev.monologue.transport;

/**
 * One connection to the relay as the pending-call table and the peer probes see it: the connection a call went out
 * on (only its closing fails the call), and a way to send one more frame on it.
 */
interface RelayLink {
  /** Sends {@code frame} on this connection; false when it is not open or the frame could not be queued. */
  boolean trySend(String frame);
}
