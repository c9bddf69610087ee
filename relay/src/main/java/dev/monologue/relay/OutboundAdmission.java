package dev.monologue.relay;

import dev.monologue.wire.Utf8;

/**
 * Whether a frame may join a connection's outbound queue. A connection that reads more slowly than it is sent to is
 * never disconnected for what others send it: once its queue holds {@code maxQueuedBytes}, or the relay's overall
 * {@link BufferBudget} is spent, their frames are refused and each sender is told ({@code PEER_BUSY}). Only the
 * relay's answers to the connection's own frames (echoes, errors, replies) may go past that, up to twice the bound:
 * a connection whose own answers pile up beyond it sends and does not read, and is dropped.
 *
 * <p>No sender may hold more than its share of a queue ({@link QueueShares}): the bound divided by the number of
 * other senders holding part of it plus two. So one flooder holds at most half of a slow reader's queue, k flooders
 * together k/(k+1) of it, and a caller with nothing queued to it always finds room.
 *
 * <p>A frame bigger than the bound still goes to a connection whose queue is empty.
 */
final class OutboundAdmission {
  /** The most a WebSocket frame header adds to a server-to-client text message. */
  static final int MAX_HEADER_BYTES = 10;

  /** What becomes of a frame. */
  enum Verdict {
    QUEUE,
    /** Not queued; the connection stays open and the sender is told. */
    BUSY,
    /** Not queued, and the connection is dropped: it does not read its own answers. */
    DROP_CONNECTION
  }

  private final long maxQueuedBytes;
  private final BufferBudget budget;

  OutboundAdmission(long maxQueuedBytes, BufferBudget budget) {
    this.maxQueuedBytes = maxQueuedBytes;
    this.budget = budget;
  }

  /**
   * @param queued bytes queued to the connection now
   * @param ownAnswer whether {@code frame} answers a frame the connection itself just sent
   * @param held bytes of the queue the frame's sender holds (0 when the relay sends it of itself)
   * @param otherSenders how many other senders hold part of the queue
   */
  Verdict judge(long queued, String frame, boolean ownAnswer, long held, int otherSenders) {
    long bound = ownAnswer ? 2 * maxQueuedBytes : maxQueuedBytes;
    // Cheap first: a char is at most 3 UTF-8 bytes, so most frames need no exact count.
    long estimate = 3L * frame.length() + MAX_HEADER_BYTES;
    long exact = -1;
    if (queued > 0 && queued + estimate > bound) {
      exact = Utf8.length(frame) + MAX_HEADER_BYTES;
      if (queued + exact > bound) {
        return ownAnswer ? Verdict.DROP_CONNECTION : Verdict.BUSY;
      }
    }
    if (held > 0 && held + estimate > maxQueuedBytes / (otherSenders + 2)) {
      exact = exact >= 0 ? exact : Utf8.length(frame) + MAX_HEADER_BYTES;
      if (held + exact > maxQueuedBytes / (otherSenders + 2)) {
        return Verdict.BUSY; // over its share: the rest stays free for the connection's other callers
      }
    }
    if (budget.wouldExceed(estimate)
        && budget.wouldExceed(exact >= 0 ? exact : Utf8.length(frame) + MAX_HEADER_BYTES)) {
      if (!ownAnswer) {
        return Verdict.BUSY;
      }
      // The budget is spent: a connection still behind with its own answers is the one to let go.
      return queued > 0 ? Verdict.DROP_CONNECTION : Verdict.QUEUE;
    }
    return Verdict.QUEUE;
  }
}
