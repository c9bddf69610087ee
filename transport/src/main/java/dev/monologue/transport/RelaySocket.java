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

  /**
   * Sends one text frame, writing it on the calling thread when no other write is under way (no hand-off to a
   * writer thread), else queueing it behind that write. The calling thread may then wait for the socket to take the
   * bytes: only for threads that may block (a caller's, a handler's), never the socket's own or the client's timer.
   *
   * @throws IllegalStateException if the socket is not open, or failed while writing
   */
  default void sendOnCallerThread(String text) {
    send(text);
  }

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
