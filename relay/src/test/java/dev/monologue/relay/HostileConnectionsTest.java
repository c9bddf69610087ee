package dev.monologue.relay;

import static dev.monologue.testsupport.Awaits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sockets that never finish the WebSocket handshake, and more connections than the relay takes. */
class HostileConnectionsTest {
  private static final int HOSTILE = 5_000;
  private final List<Socket> sockets = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void fiveThousandUnfinishedHandshakesDoNotKeepARealClientOut() throws Exception {
    LocalRelay relay = LocalRelay.builder().handshakeTimeout(Duration.ofSeconds(3)).build();
    open.add(relay);
    relay.start();
    byte[] partial = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    for (int i = 0; i < HOSTILE; i++) {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port());
      sockets.add(s);
      if (i % 2 == 0) {
        s.getOutputStream().write(partial); // half of them start a handshake and never finish it
      }
    }
    System.out.println("[hostile] opened " + HOSTILE + " sockets in " + Awaits.millisSince(t0) + " ms");
    eventually("the relay keeps at most " + LocalRelay.DEFAULT_MAX_PENDING_HANDSHAKES + " unfinished handshakes",
        () -> relay.pendingHandshakeCount() <= LocalRelay.DEFAULT_MAX_PENDING_HANDSHAKES);

    try (TestClient real = TestClient.connect(relay.endpoint())) {
      assertTrue(real.id().length() > 10, "a real client round-trips a whoami");
      eventually("every unfinished handshake is closed after the deadline", () -> relay.pendingHandshakeCount() == 0,
          Duration.ofSeconds(30));
      assertEquals(1, relay.connectionCount(), "the real client stays connected");
    }
    System.out.println("[hostile] every unfinished handshake closed " + Awaits.millisSince(t0) + " ms after the"
        + " first socket opened");
    int stillOpen = 0;
    for (Socket s : sockets) {
      if (!closedByPeer(s)) {
        stillOpen++;
      }
    }
    assertEquals(0, stillOpen, "hostile sockets the relay left open");
  }

  /** Whether the peer closed {@code s}: end of stream or a reset, within a short bound. */
  private static boolean closedByPeer(Socket s) throws IOException {
    s.setSoTimeout(2_000);
    InputStream in = s.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Test
  void connectionsPastTheCapAreClosedAsTheyOpenAndTheNextFitsOnceOneLeaves() throws Exception {
    LocalRelay relay = LocalRelay.builder().maxConnections(10).build();
    open.add(relay);
    relay.start();
    List<TestClient> clients = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      TestClient c = TestClient.connect(relay.endpoint());
      open.add(c);
      clients.add(c);
      c.id();
    }
    TestClient refused = TestClient.unconnected(relay.endpoint(), Map.of());
    open.add(refused);
    refused.connectBlocking(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(1013, refused.closed.get(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS), "try again later");
    assertTrue(refused.closeReason.contains("maximum of 10 connections"), refused.closeReason);
    assertEquals(10, relay.connectionCount());

    clients.get(0).closeBlocking();
    eventually("the relay sees one leave", () -> relay.connectionCount() == 9);
    TestClient next = TestClient.connect(relay.endpoint());
    open.add(next);
    assertTrue(next.id().length() > 10, "a client fits again");
  }
}
