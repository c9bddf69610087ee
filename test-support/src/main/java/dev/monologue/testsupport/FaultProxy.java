package dev.monologue.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback for fault tests: it passes traffic to a target, and on demand delays it, black-holes it
 * both ways without closing anything (as a pulled cable or a dropping firewall does), or cuts every connection with
 * a TCP reset (no close frame, no FIN). Bounded: at most {@code maxConnections} connections (more are refused),
 * at most {@code bufferBytes} held per direction of a connection (a sender beyond that waits, as over a slow link),
 * and it stops by itself after {@code lifetime}. Every thread it starts is a daemon.
 */
public final class FaultProxy implements AutoCloseable {
  /** Which way bytes travel. */
  public enum Direction {
    TO_TARGET, TO_CLIENT
  }

  /** Sees every chunk of bytes the proxy delivers, in order per connection and direction. */
  @FunctionalInterface
  public interface Observer {
    /** Called on the delivering thread; {@code connection} numbers connections from 1 in order of arrival. */
    void delivered(int connection, Direction direction, byte[] bytes, int offset, int length);
  }

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final int maxConnections;
  private final int bufferBytes;
  private final Observer observer;
  private final List<ProxyLink> links = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  final AtomicLong droppedBytes = new AtomicLong();
  private volatile LinkMode mode = LinkMode.PASS;
  private volatile boolean closed;

  private FaultProxy(Builder b) throws IOException {
    this.target = b.target;
    this.maxConnections = b.maxConnections;
    this.bufferBytes = b.bufferBytes;
    this.observer = b.observer;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    long lifetimeMillis = b.lifetime.toMillis();
    Thread reaper = new Thread(() -> {
      try {
        Thread.sleep(lifetimeMillis); // the proxy's lifetime: it stops by itself when a test forgets to close it
      } catch (InterruptedException e) {
        return;
      }
      close();
    }, "fault-proxy-lifetime-" + server.getLocalPort());
    reaper.setDaemon(true);
    reaper.start();
  }

  /** A proxy to {@code target} (which must be on loopback) with the default bounds. */
  public static FaultProxy to(InetSocketAddress target) {
    return builder(target).start();
  }

  /** A proxy to the host and port of {@code endpoint} (e.g. a relay's {@code ws://127.0.0.1:port}). */
  public static FaultProxy to(URI endpoint) {
    return to(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
  }

  public static Builder builder(InetSocketAddress target) {
    return new Builder(target);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code endpoint} with its host and port replaced by this proxy's, so that a client connects through it. */
  public URI endpoint(URI endpoint) {
    return URI.create(endpoint.getScheme() + "://127.0.0.1:" + port()
        + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath()));
  }

  /** Passes traffic on every connection, open and new, as it comes. */
  public void pass() {
    setMode(LinkMode.PASS);
  }

  /** Delays every chunk by {@code oneWay} in each direction (a round trip gains twice that), keeping order. */
  public void delay(Duration oneWay) {
    setMode(LinkMode.delayed(oneWay));
  }

  /** Black-holes every connection, open and new: bytes both ways are swallowed, nothing is closed. */
  public void blackHole() {
    setMode(LinkMode.BLACK_HOLE);
  }

  /** Black-holes the connections open now; connections made afterwards pass. */
  public void blackHoleOpenConnections() {
    mode = LinkMode.PASS;
    for (ProxyLink link : links) {
      link.mode(LinkMode.BLACK_HOLE);
    }
  }

  /** Cuts every open connection with a TCP reset on both sides (SO_LINGER 0); new connections still pass. */
  public void cutAll() {
    for (ProxyLink link : links) {
      link.cut();
    }
  }

  /** Connections open now. */
  public int openConnections() {
    return links.size();
  }

  /** Connections accepted since the start. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Connections refused because {@code maxConnections} were open. */
  public int refusedConnections() {
    return refused.get();
  }

  /** Bytes swallowed by black holes so far. */
  public long droppedBytes() {
    return droppedBytes.get();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Stops accepting and cuts every connection. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    cutAll();
  }

  private void setMode(LinkMode next) {
    mode = next;
    for (ProxyLink link : links) {
      link.mode(next);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (links.size() >= maxConnections) {
        refused.incrementAndGet();
        ProxyLink.reset(client);
        continue;
      }
      int number = accepted.incrementAndGet();
      try {
        Socket upstream = new Socket();
        upstream.connect(target, (int) Awaits.WAIT.toMillis());
        ProxyLink link = new ProxyLink(this, number, client, upstream, mode, bufferBytes, observer);
        links.add(link);
        if (closed) {
          link.cut();
        } else {
          link.start();
        }
      } catch (IOException e) {
        ProxyLink.reset(client); // the target is down: the client sees a reset, as it would without the proxy
      }
    }
  }

  void removed(ProxyLink link) {
    links.remove(link);
  }

  /** Bounds of a proxy. */
  public static final class Builder {
    private final InetSocketAddress target;
    private int maxConnections = 64;
    private int bufferBytes = 256 * 1024;
    private Duration lifetime = Duration.ofMinutes(5);
    private Observer observer = (connection, direction, bytes, offset, length) -> { };

    private Builder(InetSocketAddress target) {
      this.target = Objects.requireNonNull(target, "target == null");
      if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
        throw new IllegalArgumentException("the fault proxy forwards to loopback only, not to " + target);
      }
    }

    /** Connections open at once; one more is reset at once. Default 64. */
    public Builder maxConnections(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxConnections < 1: " + value);
      }
      maxConnections = value;
      return this;
    }

    /** Bytes held per direction of a connection (delayed, not yet delivered). Default 256 KB. */
    public Builder bufferBytes(int value) {
      if (value < ProxyLink.CHUNK_BYTES) {
        throw new IllegalArgumentException("bufferBytes < " + ProxyLink.CHUNK_BYTES + ": " + value);
      }
      bufferBytes = value;
      return this;
    }

    /** After this long the proxy closes itself. Default 5 minutes. */
    public Builder lifetime(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("lifetime must be positive: " + value);
      }
      lifetime = value;
      return this;
    }

    public Builder observer(Observer value) {
      observer = Objects.requireNonNull(value, "observer == null");
      return this;
    }

    public FaultProxy start() {
      try {
        return new FaultProxy(this);
      } catch (IOException e) {
        throw new UncheckedIOException("could not listen on loopback: " + e.getMessage(), e);
      }
    }
  }
}
