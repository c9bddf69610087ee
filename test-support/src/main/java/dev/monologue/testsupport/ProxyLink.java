package dev.monologue.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** One proxied connection: a client socket, its upstream socket, and a reader and a writer thread each way. */
final class ProxyLink {
  static final int CHUNK_BYTES = 16 * 1024;
  private static final Chunk END = new Chunk(new byte[0], 0);

  private record Chunk(byte[] bytes, long dueNanos) {}

  private final FaultProxy proxy;
  private final int number;
  private final Socket client;
  private final Socket upstream;
  private final int queueChunks;
  private final FaultProxy.Observer observer;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean cut = new AtomicBoolean();
  private final AtomicInteger directionsEnded = new AtomicInteger();
  private volatile LinkMode mode;

  ProxyLink(FaultProxy proxy, int number, Socket client, Socket upstream, LinkMode mode, int bufferBytes,
      FaultProxy.Observer observer) {
    this.proxy = proxy;
    this.number = number;
    this.client = client;
    this.upstream = upstream;
    this.mode = mode;
    this.queueChunks = Math.max(1, bufferBytes / CHUNK_BYTES);
    this.observer = observer;
  }

  void start() throws IOException {
    client.setTcpNoDelay(true);
    upstream.setTcpNoDelay(true);
    pipe(client, upstream, FaultProxy.Direction.TO_TARGET);
    pipe(upstream, client, FaultProxy.Direction.TO_CLIENT);
    threads.forEach(Thread::start);
  }

  void mode(LinkMode next) {
    mode = next;
  }

  /** Resets both sockets (RST, no FIN) and stops the threads. */
  void cut() {
    if (cut.compareAndSet(false, true)) {
      reset(client);
      reset(upstream);
      threads.forEach(Thread::interrupt);
      proxy.removed(this);
    }
  }

  static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private void pipe(Socket from, Socket to, FaultProxy.Direction direction) throws IOException {
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(queueChunks);
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    String name = "fault-proxy-" + proxy.port() + "-" + number + "-" + direction;
    threads.add(daemon(() -> read(in, queue), name + "-read"));
    threads.add(daemon(() -> write(out, to, queue, direction), name + "-write"));
  }

  private void read(InputStream in, BlockingQueue<Chunk> queue) {
    byte[] buffer = new byte[CHUNK_BYTES];
    try {
      while (true) {
        int n = in.read(buffer);
        LinkMode now = mode;
        if (n < 0) {
          if (!now.blackHole()) {
            queue.put(END); // the end of the stream travels like data (a FIN), unless swallowed
          }
          return;
        }
        if (now.blackHole()) {
          proxy.droppedBytes.addAndGet(n);
          continue;
        }
        queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + now.delayNanos()));
      }
    } catch (IOException | InterruptedException e) {
      cut();
    }
  }

  private void write(OutputStream out, Socket to, BlockingQueue<Chunk> queue, FaultProxy.Direction direction) {
    try {
      while (true) {
        Chunk chunk = queue.take();
        if (chunk == END) {
          to.shutdownOutput();
          if (directionsEnded.incrementAndGet() == 2) {
            client.close();
            upstream.close();
            proxy.removed(this);
          }
          return;
        }
        for (long left = chunk.dueNanos() - System.nanoTime(); left > 0; left = chunk.dueNanos() - System.nanoTime()) {
          LockSupport.parkNanos(left); // the link's added latency
          if (Thread.interrupted()) {
            return;
          }
        }
        if (mode.blackHole()) {
          proxy.droppedBytes.addAndGet(chunk.bytes().length);
          continue;
        }
        out.write(chunk.bytes());
        out.flush();
        observer.delivered(number, direction, chunk.bytes(), 0, chunk.bytes().length);
      }
    } catch (IOException | InterruptedException e) {
      cut();
    }
  }

  private static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
