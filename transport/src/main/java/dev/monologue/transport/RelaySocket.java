package dev.monologue.transport;

import java.time.Duration;

/** One WebSocket to the relay, as the client sees it: text frames in and out, and its life cycle. */
interface RelaySocket {

  /** Starts connecting; the listener hears {@link Listener#onOpen()} or {@link Listener#onClosed}. */
  void connect();

  /**
   * Queues one text frame.
   *
   * @throws IllegalStateException if the socket is not open
   */
  void send(String text);

  boolean isOpen();

  /** Closes the socket, waiting at most {@code wait} for the relay to agree before dropping it. */
  void close(Duration wait);

  /** Drops the connection at once, without a closing handshake (for a connection that stopped answering). */
  void abort(String reason);

  /** Callbacks, all on the socket's own threads: they must not block. */
  interface Listener {
    void onOpen();

    void onText(String text);

    /** The socket closed, or never opened; {@code reason} may hold the refused handshake's status line. */
    void onClosed(int code, String reason, boolean remote);

    void onError(Exception error);
  }
}
