package dev.monologue.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.server.WebSocketServer;

/**
 * What the front keeps about one open client connection: its ID, when it opened and last sent a message, its rate
 * limit, and how many bytes wait unsent to it. A handful of fields, so that many idle connections stay cheap.
 */
final class ClientConnection {
  final String id;
  final WebSocketImpl socket;
  final long openedAt;
  /** When the client last sent a message (text or binary; not ping/pong control frames). */
  volatile long lastMessageAt;
  /** When the relay asked this connection to close (0: not yet); a client that does not answer is cut off. */
  volatile long closeRequestedAt;

  private final RefusingDraft draft;
  private final RelayChannel channel;
  private final TokenBucket bucket;
  /** Frames routed to this connection during the read being decoded ({@link Outbox}); selector thread only. */
  private List<ByteBuffer> held;
  /** The relay's overall budget, and what this connection's queue counts in it now ({@link #account}). */
  private final BufferBudget budget;
  private long accounted;
  private boolean released;
  private final QueueShares shares = new QueueShares();

  ClientConnection(String id, WebSocketImpl socket, long nowNanos, TokenBucket bucket, BufferBudget budget) {
    this.id = id;
    this.socket = socket;
    this.openedAt = nowNanos;
    this.lastMessageAt = nowNanos;
    this.draft = (RefusingDraft) socket.getDraft();
    this.channel = (RelayChannel) socket.getChannel();
    this.bucket = bucket;
    this.budget = budget;
  }

  /**
   * Brings what this connection's queue counts in the relay's budget up to date, and returns the bytes queued: a
   * frame is counted as it is queued, and its bytes given back at the next send to the connection or the next sweep
   * after it was written. Any thread.
   */
  synchronized long account() {
    if (released) {
      return 0;
    }
    long written = channel.writtenBytes(); // first, as in queuedBytes
    long queued = Math.max(0, draft.encodedBytes() - written);
    shares.drained(written);
    budget.add(queued - accounted);
    accounted = queued;
    return queued;
  }

  /** The connection closed: what its queue counted goes back to the budget, for good. Any thread. */
  synchronized void releaseAccount() {
    released = true;
    budget.add(-accounted);
    accounted = 0;
    shares.clear();
  }

  /** Bytes {@code sender} has queued to this connection and not yet written (as of the last {@link #account}). */
  synchronized long heldBy(String sender) {
    return shares.heldBy(sender);
  }

  /** How many other senders hold part of this connection's queue (as of the last {@link #account}). */
  synchronized int sendersOtherThan(String sender) {
    return shares.othersThan(sender);
  }

  /**
   * Bytes handed to this connection's outbound queue and not yet written to its socket: everything the draft
   * encoded (handshake, data and control frames) minus everything the channel wrote.
   */
  long queuedBytes() {
    long written = channel.writtenBytes(); // first: the encoded count only grows, so this never undercounts
    return Math.max(0, draft.encodedBytes() - written);
  }

  /**
   * Whether the connection is open for messages: the relay has not asked it to close, and its client has not sent
   * its close frame (a client whose close finished is gone, even while the socket winds down).
   */
  boolean isOpen() {
    return closeRequestedAt == 0 && socket.isOpen()
        && !(socket instanceof ServerSocketConnection s && s.closeReceived());
  }

  /**
   * Sends one text message: written at once when {@code selectorThread} says the caller is the server's selector
   * thread and nothing waits before it, else queued for that thread to write.
   *
   * @return false if the socket failed while written (the selector closes it when it next reads)
   */
  boolean sendText(String text, String sender, boolean selectorThread, WebSocketServer server) {
    return send(encodeText(text, sender), selectorThread);
  }

  private boolean send(ByteBuffer frame, boolean selectorThread) {
    if (selectorThread) {
      try {
        if (channel.writeFirst(frame)) {
          return true;
        }
      } catch (IOException | CancelledKeyException e) {
        return false;
      }
    }
    try {
      socket.sendFrame(new RefusingDraft.Encoded(frame)); // queued for the selector, which is woken to write it
      return true;
    } catch (WebsocketNotConnectedException e) {
      return false; // closing or closed: nothing may follow a close frame
    }
  }

  /**
   * Encodes {@code text} (counted as queued, and as held by {@code sender} unless it is null) for the
   * {@link Outbox}.
   */
  ByteBuffer encodeText(String text, String sender) {
    ByteBuffer frame = ServerTextFrames.encode(text);
    long end = draft.countEncoded(frame.remaining());
    if (sender != null) {
      synchronized (this) {
        if (!released) {
          shares.add(sender, frame.remaining(), end);
        }
      }
    }
    return frame;
  }

  /** Holds {@code frame} for the {@link Outbox}; true if it is the first held since the last release. */
  boolean holdFrame(ByteBuffer frame) {
    if (held == null) {
      held = new ArrayList<>(4);
    }
    held.add(frame);
    return held.size() == 1;
  }

  /**
   * Sends the frames held for the {@link Outbox} in one buffer, as {@link #sendText} sends one frame; a socket that
   * fails meanwhile is found broken by the selector when it next reads. Selector thread only.
   */
  void releaseHeldFrames(WebSocketServer server) {
    List<ByteBuffer> frames = held;
    held = null;
    if (frames == null) {
      return;
    }
    ByteBuffer all = frames.get(0);
    if (frames.size() > 1) {
      int bytes = 0;
      for (ByteBuffer f : frames) {
        bytes += f.remaining();
      }
      all = ByteBuffer.allocate(bytes);
      for (ByteBuffer f : frames) {
        all.put(f);
      }
      all.flip();
    }
    send(all, true);
  }

  /**
   * Sends a close frame and waits for the client's (the sweep cuts the socket after a grace period). Not
   * {@code WebSocketImpl.close}: it closes the socket as soon as the close frame is written, and a client still
   * sending then gets a TCP reset that can discard the close frame unread, so it never learns why.
   *
   * @param onSelector whether this is the selector thread: what was routed to the connection before the close then
   *     goes before the close frame
   */
  void requestClose(int code, String reason, long now, boolean onSelector, WebSocketServer server) {
    if (onSelector) {
      releaseHeldFrames(server);
    }
    closeRequestedAt = now == 0 ? 1 : now;
    CloseFrame frame = new CloseFrame();
    try {
      frame.setCode(code);
      frame.setReason(reason);
      socket.sendFrame(frame);
    } catch (RuntimeException e) {
      socket.closeConnection(code, reason); // not open any more: nothing to wait for
    }
  }

  /** Bytes read from and written to this connection's socket so far (plaintext with TLS), for the metrics. */
  long readBytes() {
    return channel.readBytes();
  }

  long writtenBytes() {
    return channel.writtenBytes();
  }

  /** Whether a message received now is within the rate limit (always, without one). */
  boolean admit(long nowNanos) {
    return bucket == null || bucket.tryTake(nowNanos);
  }
}
