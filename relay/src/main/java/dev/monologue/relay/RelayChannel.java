package dev.monologue.relay;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's channel as the front writes to it: {@link CountingChannel} over a plain socket,
 * {@link TlsCountingChannel} over TLS. Both count the plaintext bytes written, so the bytes still queued to a
 * connection are the bytes its draft encoded minus these.
 */
interface RelayChannel {
  /** Plaintext bytes written so far; read by any thread. */
  long writtenBytes();

  /** Plaintext bytes read so far; read by any thread. */
  long readBytes();

  /**
   * Writes {@code frame} at once if nothing waits to be written before it, and says whether it did; what the socket
   * does not take is written before the connection's queue. Selector thread only.
   *
   * @return false if frames wait in the queue: {@code frame} was not touched and goes behind them
   */
  boolean writeFirst(ByteBuffer frame) throws IOException;
}
