package dev.monologue.transport;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Incoming calls waiting for a handler, queued per caller and handed to the handler executor in turn, one caller
 * after the other, so that a peer flooding this machine cannot starve the calls of other peers. Bounded: at most
 * {@code maxQueued} calls wait in all and {@code maxQueuedPerPeer} for one caller (past either bound a call is
 * refused, and answered {@code OVERLOADED}); at most {@code concurrency} run on the executor at once.
 */
final class FairHandlerQueue {
  /** A call to run on a handler thread, or to refuse when the executor will not take it. */
  interface QueuedCall extends Runnable {
    /** The executor refused the call (it is shut down, or its own queue is full). */
    void rejected(RuntimeException e);
  }

  /** Why a call was not queued. */
  enum Refusal {
    NONE, FULL, PEER_FULL
  }

  private final Executor executor;
  private final int maxQueued;
  private final int maxQueuedPerPeer;
  private final int concurrency;
  private final Object lock = new Object();
  private final Map<String, ArrayDeque<QueuedCall>> byPeer = new HashMap<>();
  /** Peers with calls waiting, in the order they get their next turn. */
  private final ArrayDeque<String> turns = new ArrayDeque<>();
  private int queued;
  private int running;

  FairHandlerQueue(Executor executor, int maxQueued, int maxQueuedPerPeer, int concurrency) {
    this.executor = executor;
    this.maxQueued = maxQueued;
    this.maxQueuedPerPeer = maxQueuedPerPeer;
    this.concurrency = concurrency;
  }

  /** Queues {@code call} from {@code peer}, or says why not. */
  Refusal offer(String peer, QueuedCall call) {
    synchronized (lock) {
      if (queued >= maxQueued) {
        return Refusal.FULL;
      }
      ArrayDeque<QueuedCall> calls = byPeer.get(peer);
      if (calls == null) {
        calls = new ArrayDeque<>();
        byPeer.put(peer, calls);
        turns.add(peer);
      } else if (calls.size() >= maxQueuedPerPeer) {
        return Refusal.PEER_FULL;
      }
      calls.add(call);
      queued++;
    }
    pump();
    return Refusal.NONE;
  }

  int queued() {
    synchronized (lock) {
      return queued;
    }
  }

  int maxQueuedPerPeer() {
    return maxQueuedPerPeer;
  }

  /** Hands calls to the executor, a peer at a time, while fewer than {@code concurrency} run. */
  private void pump() {
    while (true) {
      QueuedCall next;
      synchronized (lock) {
        if (running >= concurrency || turns.isEmpty()) {
          return;
        }
        String peer = turns.poll();
        ArrayDeque<QueuedCall> calls = byPeer.get(peer);
        next = calls.poll();
        if (calls.isEmpty()) {
          byPeer.remove(peer);
        } else {
          turns.add(peer); // its next call waits for every other peer's turn
        }
        queued--;
        running++;
      }
      try {
        executor.execute(() -> {
          try {
            next.run();
          } finally {
            finished();
          }
        });
      } catch (RuntimeException e) {
        finished();
        next.rejected(e);
      }
    }
  }

  private void finished() {
    synchronized (lock) {
      running--;
    }
    pump();
  }
}
