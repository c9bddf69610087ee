package dev.monologue.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadFactory;

/**
 * The one writer of a socket's bytes: every frame sent on a connection, the client's and Java-WebSocket's own
 * (handshake, close, ping, pong, through {@link BoundedDraft}), is written to the socket's stream here, by one thread
 * at a time, each batch of whole frames in one {@code write}. Nothing else writes to the stream.
 *
 * <p>A thread that may block (a caller waiting for its reply, a handler with nothing queued behind it) writes on its
 * own thread ({@link #writeHere}): no hand-off, no wake-up. A thread that must not block (the socket's reader, the
 * client's timers) queues its frames ({@link #enqueue}) for this writer's own thread. Either way, whoever writes takes
 * every frame waiting, in order, so frames queued while a write is under way go out in the next write.
 */
final class SocketWriter {
  /** Opens the socket's stream: called once, by the first write, which happens after the socket connected. */
  interface Output {
    OutputStream open() throws IOException;
  }

  /** Told once when a write failed; the connection is then dropped. */
  interface Failure {
    void writeFailed(IOException e);
  }

  private final Output output;
  private final Failure failure;
  private final ThreadFactory threads;
  /** Guards the fields below. */
  private final Object lock = new Object();
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  /** A thread is writing: it owns the stream until it finds nothing pending. */
  private boolean writing;
  /** The writer's own thread is asked to write what is pending. */
  private boolean handedOff;
  private boolean closed;
  /** The writer's own thread, started by the first {@link #enqueue} that needs it. */
  private Thread drainer;
  /** Set by the first write; touched only by the thread that is {@link #writing}. */
  private OutputStream out;

  SocketWriter(Output output, Failure failure, ThreadFactory threads) {
    this.output = output;
    this.failure = failure;
    this.threads = threads;
  }

  /**
   * Writes {@code frames} on this thread, with whatever waits before them, unless another thread is writing: that
   * thread then writes them too, and this returns at once. May block while the socket takes the bytes.
   *
   * @throws IOException if the write failed; the connection is dropped ({@link Failure})
   */
  void writeHere(byte[] frames) throws IOException {
    synchronized (lock) {
      if (closed) {
        throw new IOException("the connection's writer is closed");
      }
      pending.addLast(frames);
      if (writing) {
        return;
      }
      writing = true;
    }
    drain();
  }

  /** Queues {@code frames} for the writer's own thread; never blocks. Frames queued after a close are dropped. */
  void enqueue(byte[] frames) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      pending.addLast(frames);
      if (writing) {
        return; // the thread writing takes them
      }
      writing = true;
      handedOff = true;
      if (drainer == null) {
        drainer = threads.newThread(this::drainWhenAsked);
        drainer.setDaemon(true);
        drainer.start();
      }
      lock.notifyAll();
    }
  }

  /** Stops the writer's thread; what waits unwritten is dropped (the connection is closed). */
  void close() {
    synchronized (lock) {
      closed = true;
      pending.clear();
      lock.notifyAll();
    }
  }

  private void drainWhenAsked() {
    while (true) {
      synchronized (lock) {
        while (!handedOff && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            closed = true;
          }
        }
        if (closed) {
          writing = false;
          return;
        }
        handedOff = false;
      }
      try {
        drain();
      } catch (IOException e) {
        // reported to the failure handler by drain
      }
    }
  }

  /** Writes until nothing is pending; the caller holds {@link #writing}, and gives it up here. */
  private void drain() throws IOException {
    while (true) {
      byte[] batch;
      synchronized (lock) {
        if (pending.isEmpty() || closed) {
          pending.clear();
          writing = false;
          return;
        }
        batch = takeAll();
      }
      try {
        if (out == null) {
          out = output.open();
        }
        out.write(batch); // a socket's own stream: unbuffered, one write per batch
      } catch (IOException | RuntimeException e) {
        synchronized (lock) {
          pending.clear();
          writing = false;
        }
        IOException failed = e instanceof IOException io ? io : new IOException(e.toString(), e);
        failure.writeFailed(failed);
        throw failed;
      }
    }
  }

  /** Under {@link #lock}: the pending frames, in one array, and an empty queue. */
  private byte[] takeAll() {
    if (pending.size() == 1) {
      return pending.pollFirst();
    }
    int size = 0;
    for (byte[] b : pending) {
      size += b.length;
    }
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] b; (b = pending.pollFirst()) != null; at += b.length) {
      System.arraycopy(b, 0, all, at, b.length);
    }
    return all;
  }
}
