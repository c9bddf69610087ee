package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.ConnectFailedException;
import dev.monologue.MonologueOptions;
import dev.monologue.NotConnectedException;
import dev.monologue.binding.SampleService;
import dev.monologue.runtime.GeneratedStub;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a client does without a relay: lifecycle, options and argument checks. */
class MonologueClientTest {

  private static MonologueClient client(MonologueOptions.Builder b) {
    return (MonologueClient) new WebSocketTransportProvider().create(b.build());
  }

  private static MonologueOptions.Builder options() {
    return MonologueOptions.builder().endpoint("ws://127.0.0.1:9").timeout(Duration.ofSeconds(2));
  }

  @Test
  void beforeConnectIdThrowsAndCallsFailWithNotConnected() throws Exception {
    try (MonologueClient client = client(options())) {
      IllegalStateException e = assertThrows(IllegalStateException.class, client::id);
      assertTrue(e.getMessage().contains("connect()"), e.getMessage());
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> client.call("peer=", "greet", "x").get(2, TimeUnit.SECONDS));
      NotConnectedException nc = assertInstanceOf(NotConnectedException.class, failed.getCause());
      assertTrue(nc.getMessage().contains("greet") && nc.getMessage().contains("peer="), nc.getMessage());
    }
  }

  @Test
  void badApiArgumentsThrowAtOnce() {
    try (MonologueClient client = client(options())) {
      assertThrows(NullPointerException.class, () -> client.call(null, "m"));
      assertThrows(NullPointerException.class, () -> client.call("p", null));
      assertThrows(NullPointerException.class, () -> client.call("p", "m", (Class<String>) null));
      assertThrows(IllegalArgumentException.class, () -> client.call("p", ""));
      assertThrows(NullPointerException.class, () -> client.on("m", null));
    }
  }

  @Test
  void listenerLimitComesFromTheOptions() {
    try (MonologueClient client = client(options().listeners(2))) {
      client.on("a", args -> 1);
      IllegalStateException duplicate = assertThrows(IllegalStateException.class, () -> client.on("a", args -> 2));
      assertTrue(duplicate.getMessage().contains("'a' is already registered"), duplicate.getMessage());
      client.on("b", args -> 2);
      IllegalStateException full = assertThrows(IllegalStateException.class, () -> client.on("c", args -> 3));
      assertTrue(full.getMessage().contains("listeners"), full.getMessage());
    }
  }

  @Test
  void generatedClassesServeAndCallUnlessTheOptionsTurnThemOff() {
    SampleService implementation = (SampleService) Proxy.newProxyInstance(SampleService.class.getClassLoader(),
        new Class<?>[] {SampleService.class}, (proxy, method, args) -> null);
    try (MonologueClient generated = client(options());
        MonologueClient reflective = client(options().generatedClasses(false))) {
      generated.register(SampleService.class, implementation);
      reflective.register(SampleService.class, implementation);
      assertTrue(skeletonOf(generated).endsWith("_MonologueSkeleton"), skeletonOf(generated));
      assertEquals("ReflectiveSkeleton", skeletonOf(reflective));
      assertTrue(generated.stub("peer=", SampleService.class) instanceof GeneratedStub);
      assertTrue(generated.stubAny("workers", SampleService.class) instanceof GeneratedStub);
      for (SampleService proxy : new SampleService[] {reflective.stub("peer=", SampleService.class),
          reflective.stubAny("workers", SampleService.class)}) {
        assertTrue(Proxy.isProxyClass(proxy.getClass()));
        assertFalse(proxy instanceof GeneratedStub);
      }
    }
  }

  /** The simple name of the skeleton class serving {@code sample.hello} on {@code client}. */
  private static String skeletonOf(MonologueClient client) {
    return ((SkeletonHandler) client.handler("sample.hello")).skeleton().getClass().getSimpleName();
  }

  @Test
  void closeIsIdempotentAndEndsConnecting() {
    MonologueClient client = client(options());
    client.close();
    client.close();
    assertThrows(IllegalStateException.class, client::connect);
  }

  @Test
  void unreachableRelayFailsConnectWithAClearReason() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (MonologueClient client = client(options().endpoint("ws://127.0.0.1:" + port))) {
      long start = System.nanoTime();
      ConnectFailedException e = assertThrows(ConnectFailedException.class, client::connect);
      assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
          "a refused TCP connection fails before the timeout");
    }
  }

  @Test
  void silentServerFailsConnectWithinTheTimeout() throws Exception {
    // Accepts TCP but never answers the WebSocket handshake.
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        MonologueClient client = client(options().endpoint("ws://127.0.0.1:" + s.getLocalPort())
            .timeout(Duration.ofMillis(300)))) {
      ConnectFailedException e = assertThrows(ConnectFailedException.class, client::connect);
      assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
    }
  }

  @Test
  void connectTimeoutBoundsConnectingApartFromTheCallTimeout() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        MonologueClient client = client(options().endpoint("ws://127.0.0.1:" + s.getLocalPort())
            .timeout(Duration.ofSeconds(30)).connectTimeout(Duration.ofMillis(300)))) {
      long start = System.nanoTime();
      ConnectFailedException e = assertThrows(ConnectFailedException.class, client::connect);
      assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0,
          "connecting gave up at the connect timeout, not the 30 s call timeout");
    }
  }

  @Test
  void connectTimeoutDefaultsToTheTimeoutAndIsValidated() {
    assertEquals(Duration.ofSeconds(2), options().build().connectTimeout());
    assertEquals(Duration.ofSeconds(7), options().connectTimeout(Duration.ofSeconds(7)).build().connectTimeout());
    assertEquals(Duration.ofSeconds(2), options().connectTimeout(Duration.ofSeconds(7)).build().timeout());
    assertThrows(IllegalArgumentException.class, () -> options().connectTimeout(Duration.ZERO));
  }

  @Test
  void refusedHandshakesAreExplained() {
    String status = "Invalid status code received: 403 Status line: HTTP/1.1 403 Forbidden";
    assertEquals("relay refused the API key (HTTP 403); check MonologueOptions.apiKey or MONOLOGUE_API_KEY",
        HandshakeRefusal.describe(1002, status, null, true));
    assertTrue(HandshakeRefusal.describe(1002, status.replace("403", "401"), null, false)
        .startsWith("the relay requires an API key (HTTP 401)"));
    assertTrue(HandshakeRefusal.describe(1002, "", new java.io.IOException(status.replace("403", "500")), true)
        .contains("refused the WebSocket handshake (HTTP 500)"));
    assertTrue(HandshakeRefusal.describe(-1, "", new java.net.ConnectException("Connection refused"), true)
        .contains("unreachable (Connection refused)"));
  }
}
