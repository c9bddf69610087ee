package dev.monologue.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
  private final EchoServer echo = new EchoServer();
  private FaultProxy proxy;

  FaultProxyTest() throws IOException {}

  @AfterEach
  void close() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    echo.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout((int) Awaits.WAIT.toMillis());
    return s;
  }

  private static byte[] roundTrip(Socket s, byte[] out) throws IOException {
    s.getOutputStream().write(out);
    s.getOutputStream().flush();
    return s.getInputStream().readNBytes(out.length);
  }

  @Test
  void passesBytesBothWaysAndShowsThemToTheObserver() throws Exception {
    AtomicLong seen = new AtomicLong();
    proxy = FaultProxy.builder(echo.address())
        .observer((connection, direction, bytes, offset, length) -> seen.addAndGet(length)).start();
    byte[] payload = new byte[200_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31);
    }
    try (Socket s = connect()) {
      assertArrayEquals(payload, roundTrip(s, payload));
    }
    Awaits.eventually("the observer saw every byte both ways", () -> seen.get() == 2L * payload.length);
  }

  @Test
  void delayAddsItsLatencyEachWayAndKeepsOrder() throws Exception {
    proxy = FaultProxy.to(echo.address());
    try (Socket s = connect()) {
      roundTrip(s, "warm".getBytes(StandardCharsets.UTF_8));
      // 1.5 s each way: a loopback round trip without the delay stays far below 3 s even on a loaded machine
      proxy.delay(Duration.ofMillis(1500));
      long start = System.nanoTime();
      assertEquals("abc", new String(roundTrip(s, "abc".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
      long millis = Awaits.millisSince(start);
      assertTrue(millis >= 3000, "a round trip through a 1.5 s link took " + millis + " ms");
      proxy.pass();
      start = System.nanoTime();
      roundTrip(s, "d".getBytes(StandardCharsets.UTF_8));
      millis = Awaits.millisSince(start);
      assertTrue(millis < 3000, "passing again, no delay; took " + millis + " ms");
    }
  }

  @Test
  void blackHoleSwallowsBytesWithoutClosingAnything() throws Exception {
    proxy = FaultProxy.to(echo.address());
    try (Socket s = connect()) {
      roundTrip(s, "before".getBytes(StandardCharsets.UTF_8));
      proxy.blackHole();
      s.setSoTimeout(1_000);
      s.getOutputStream().write("lost".getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      // absence of an answer, bounded: no byte and no end of stream within a second
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
      Awaits.eventually("the proxy counts what it swallowed", () -> proxy.droppedBytes() >= 4);
      s.getOutputStream().write(1); // still writable: nothing was closed
      assertEquals(1, proxy.openConnections());
      assertTrue(echo.endings.isEmpty(), "the target's side stays open too");
    }
  }

  @Test
  void blackHoleOfOpenConnectionsLetsNewOnesThrough() throws Exception {
    proxy = FaultProxy.to(echo.address());
    try (Socket old = connect()) {
      roundTrip(old, "x".getBytes(StandardCharsets.UTF_8));
      proxy.blackHoleOpenConnections();
      try (Socket fresh = connect()) {
        assertEquals("y", new String(roundTrip(fresh, "y".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
      }
      old.setSoTimeout(1_000);
      old.getOutputStream().write('z');
      assertThrows(SocketTimeoutException.class, () -> old.getInputStream().read());
    }
  }

  @Test
  void cutResetsBothSides() throws Exception {
    proxy = FaultProxy.to(echo.address());
    try (Socket s = connect()) {
      roundTrip(s, "x".getBytes(StandardCharsets.UTF_8));
      proxy.cutAll();
      SocketException e = assertThrows(SocketException.class, () -> readUntilFailure(s.getInputStream()));
      assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
      String ending = echo.endings.poll(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(ending != null && ending.contains("reset"), "the target saw " + ending);
    }
    assertEquals(0, proxy.openConnections());
  }

  private static void readUntilFailure(InputStream in) throws IOException {
    while (true) {
      if (in.read() < 0) {
        throw new AssertionError("a clean end of stream (FIN), not a reset");
      }
    }
  }

  @Test
  void refusesConnectionsPastItsBound() throws Exception {
    proxy = FaultProxy.builder(echo.address()).maxConnections(2).start();
    try (Socket a = connect(); Socket b = connect()) {
      roundTrip(a, "a".getBytes(StandardCharsets.UTF_8));
      roundTrip(b, "b".getBytes(StandardCharsets.UTF_8));
      try (Socket c = connect()) {
        assertThrows(IOException.class, () -> roundTrip(c, "c".getBytes(StandardCharsets.UTF_8)));
      }
      assertEquals(1, proxy.refusedConnections());
    }
  }

  @Test
  void stopsByItselfAfterItsLifetime() throws Exception {
    proxy = FaultProxy.builder(echo.address()).lifetime(Duration.ofMillis(500)).start();
    try (Socket s = connect()) {
      roundTrip(s, "x".getBytes(StandardCharsets.UTF_8));
      Awaits.eventually("the proxy closed itself", proxy::isClosed);
      assertThrows(IOException.class, () -> readUntilFailure(s.getInputStream()));
    }
    assertThrows(IOException.class, this::connect);
  }

  @Test
  void forwardsToLoopbackOnly() throws Exception {
    InetSocketAddress elsewhere = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}), 80);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultProxy.to(elsewhere));
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
  }
}
