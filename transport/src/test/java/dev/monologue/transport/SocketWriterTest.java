package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.PingFrame;
import org.junit.jupiter.api.Test;

/** The socket's one writer: one thread at a time writes, whole batches, in order; queuing never blocks. */
class SocketWriterTest {
  private static final long WAIT_SECONDS = 10;

  /** A stream that records what it is given and notes any write that starts while another is under way. */
  private static final class OneAtATime extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicBoolean inWrite = new AtomicBoolean();
    final AtomicInteger overlaps = new AtomicInteger();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (!inWrite.compareAndSet(false, true)) {
        overlaps.incrementAndGet();
      }
      for (int i = 0; i < 50; i++) {
        Thread.yield(); // a write that takes a while, as a socket's does, so that others try to write meanwhile
      }
      synchronized (bytes) {
        bytes.write(b, off, len);
      }
      inWrite.set(false);
    }

    int size() {
      synchronized (bytes) {
        return bytes.size();
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.US_ASCII);
      }
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.get(b);
    return b;
  }

  private static SocketWriter writer(OutputStream out, AtomicReference<IOException> failed) {
    return new SocketWriter(() -> out, failed::set, r -> new Thread(r, "test-socket-writer"));
  }

  @Test
  void framesFromManyThreadsArriveWholeAndInOrderOneWriteAtATime() throws Exception {
    OneAtATime out = new OneAtATime();
    AtomicReference<IOException> failed = new AtomicReference<>();
    SocketWriter writer = writer(out, failed);
    int threads = 8;
    int frames = 300;
    List<Thread> senders = new ArrayList<>();
    int expected = 0;
    for (int t = 0; t < threads; t++) {
      int id = t;
      for (int i = 0; i < frames; i++) {
        expected += ("<" + id + ":" + i + ">").length();
      }
      senders.add(new Thread(() -> {
        for (int i = 0; i < frames; i++) {
          byte[] frame = ("<" + id + ":" + i + ">").getBytes(StandardCharsets.US_ASCII);
          if (id % 2 == 0) {
            try {
              writer.writeHere(frame); // callers' threads
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          } else {
            writer.enqueue(frame); // the reader's and the timers' threads
          }
        }
      }));
    }
    senders.forEach(Thread::start);
    for (Thread s : senders) {
      s.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(s.isAlive(), "a sender is stuck");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (out.size() < expected && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the writer's own thread finishes what was queued last
    }
    assertEquals(expected, out.size(), "every byte written once");
    assertEquals(0, out.overlaps.get(), "two writes to the socket at once");
    int[] next = new int[threads];
    for (String frame : out.text().substring(1).split("<")) {
      String[] parts = frame.substring(0, frame.length() - 1).split(":");
      int id = Integer.parseInt(parts[0]);
      assertEquals(next[id]++, Integer.parseInt(parts[1]), "frames of thread " + id + " out of order");
    }
    assertEquals(null, failed.get());
  }

  @Test
  void queuingNeverWaitsForASocketThatTakesNothingAndTheWriterUnderWayTakesTheFrame() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream stuck = new OutputStream() {
      @Override
      public void write(int b) {
        throw new UnsupportedOperationException();
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) throws IOException {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        written.write(b, off, len);
      }
    };
    SocketWriter writer = writer(stuck, new AtomicReference<>());
    CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
      try {
        writer.writeHere("first".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the caller's write did not start");
    CompletableFuture.runAsync(() -> writer.enqueue("second".getBytes(StandardCharsets.US_ASCII)))
        .get(WAIT_SECONDS, TimeUnit.SECONDS); // returns although the socket takes nothing
    release.countDown();
    caller.get(WAIT_SECONDS, TimeUnit.SECONDS);
    synchronized (stuck) {
      assertEquals("firstsecond", written.toString(StandardCharsets.US_ASCII),
          "the caller's thread, still the writer, wrote the queued frame after its own");
    }
  }

  @Test
  void aFailedWriteFailsTheCallerAndIsReported() {
    AtomicReference<IOException> failed = new AtomicReference<>();
    SocketWriter writer = writer(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("broken pipe");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("broken pipe");
      }
    }, failed);
    IOException e = assertThrows(IOException.class, () -> writer.writeHere(new byte[] {1}));
    assertEquals("broken pipe", e.getMessage());
    assertEquals(e, failed.get());
  }

  @Test
  void javaWebSocketsOwnFramesGoToTheWriterAndTheLibraryQueuesNothing() throws Exception {
    OneAtATime out = new OneAtATime();
    SocketWriter writer = writer(out, new AtomicReference<>());
    BoundedDraft draft = new BoundedDraft(1024, writer);
    CloseFrame close = new CloseFrame();
    close.setCode(CloseFrame.NORMAL);
    close.setReason("bye");
    ByteBuffer forTheLibrary = draft.createBinaryFrame(close);
    assertEquals(0, forTheLibrary.remaining(), "the library would write these bytes itself");
    ByteBuffer ping = draft.copyInstance().createBinaryFrame(new PingFrame());
    assertEquals(0, ping.remaining());
    org.java_websocket.drafts.Draft_6455 plain = new org.java_websocket.drafts.Draft_6455();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(bytes(plain.createBinaryFrame(close)));
    expected.write(bytes(plain.createBinaryFrame(new PingFrame())));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (out.size() < expected.size() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the writer's own thread writes them
    }
    synchronized (out.bytes) {
      assertArrayEquals(expected.toByteArray(), out.bytes.toByteArray(), "the close frame, then the ping");
    }
  }
}
