package dev.monologue.e2e;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.testsupport.Awaits.eventually;
import static dev.monologue.testsupport.Awaits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.CallTimeoutException;
import dev.monologue.ConnectFailedException;
import dev.monologue.ConnectionDroppedException;
import dev.monologue.Monologue;
import dev.monologue.MonologueException;
import dev.monologue.MonologueJson;
import dev.monologue.MonologueOptions;
import dev.monologue.NoSuchRemoteMethodException;
import dev.monologue.NotConnectedException;
import dev.monologue.PeerGoneException;
import dev.monologue.RemoteFailureException;
import dev.monologue.e2e.FileService.Author;
import dev.monologue.ReplyDecodingException;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.TestClient;
import dev.monologue.transport.WebSocketTransportProvider;
import java.io.IOException;
import java.util.Arrays;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every relay must give the string-named client API: values round-trip, calls match their replies, every
 * failure surfaces as its own exception naming the method and the peer, and the relay decides who a sender is.
 * Subclasses say which relay to run.
 */
abstract class AbstractFoundationSuite {
  static final String KEY = "k1";
  static final Duration WAIT = Awaits.WAIT;
  private static final ObjectMapper JSON = MonologueJson.newMapper();

  record Person(String name, int age) {}

  /** Starts a relay that accepts exactly {@code apiKeys}. */
  protected abstract RelayFixture startRelay(Set<String> apiKeys);

  protected RelayFixture relay;
  private final List<Monologue> clients = new ArrayList<>();

  @BeforeEach
  void startRelay() {
    relay = startRelay(Set.of(KEY));
  }

  @AfterEach
  void stopAll() {
    clients.forEach(Monologue::close);
    relay.close();
  }

  /** A client of the relay, not connected yet, closed after the test. */
  protected Monologue client(Duration timeout) {
    return client(options().timeout(timeout));
  }

  protected Monologue client(MonologueOptions.Builder options) {
    Monologue client = new WebSocketTransportProvider().create(options.build());
    clients.add(client);
    return client;
  }

  /** The API key clients send: the suite's own, or the deployed relay's. */
  protected String key() {
    return relay.apiKey() != null ? relay.apiKey() : KEY;
  }

  /** Skips a test that needs to drop connections, count them, close the relay or choose its keys. */
  protected void assumeControlledRelay() {
    assumeTrue(relay.controlled(), "needs a relay the test controls, not a deployed one");
  }

  protected MonologueOptions.Builder options() {
    return relay.configure(MonologueOptions.builder()).endpoint(relay.endpoint()).apiKey(key())
        .timeout(Duration.ofSeconds(5)).connectTimeout(WAIT);
  }

  protected Monologue connected() {
    Monologue client = client(Duration.ofSeconds(5));
    client.connect();
    return client;
  }

  static void assertNames(MonologueException e, String method, String peer) {
    assertEquals(method, e.method());
    assertEquals(peer, e.peer());
    assertTrue(e.getMessage().contains(method) && e.getMessage().contains(peer), e.getMessage());
  }

  // ------------------------------------------------------------------------------------------------ values

  @Test
  void valuesRoundTripBetweenTwoClients() throws Exception {
    Monologue server = connected();
    server.on("greet", args -> "Hello, " + args.get(0, String.class));
    server.on("add", args -> args.get(0, int.class) + args.get(1, double.class));
    server.on("not", args -> !args.get(0, boolean.class));
    server.on("older", args -> {
      Person p = args.get(0, Person.class);
      return new Person(p.name(), p.age() + 1);
    });
    server.on("names", args -> {
      @SuppressWarnings("unchecked")
      List<Person> people = (List<Person>) args.get(0, new TypeReference<List<Person>>() {}.getType());
      return people.stream().map(Person::name).toList();
    });
    server.on("nest", args -> {
      Map<String, Object> inner = new LinkedHashMap<>();
      inner.put("list", List.of(1, 2, 3));
      inner.put("flag", true);
      return Map.of("outer", inner, "echo", args.node(0));
    });
    server.on("nothing", args -> null);
    server.on("later", args -> CompletableFuture.supplyAsync(() -> args.get(0, String.class).toUpperCase()));
    Monologue caller = connected();
    String to = server.id();

    assertEquals("Hello, Ada", await(caller.call(to, "greet", String.class, "Ada")));
    assertEquals(5.5, await(caller.call(to, "add", Double.class, 2, 3.5)));
    assertEquals(false, await(caller.call(to, "not", Boolean.class, true)));
    assertEquals(new Person("Ada", 37), await(caller.call(to, "older", Person.class, new Person("Ada", 36))));
    assertEquals(List.of("A", "B"),
        await(caller.call(to, "names", List.class, List.of(new Person("A", 1), new Person("B", 2)))));
    JsonNode nested = await(caller.call(to, "nest", Map.of("k", List.of(Map.of("deep", "x")))));
    assertEquals(JSON.readTree("{\"list\":[1,2,3],\"flag\":true}"), nested.get("outer"));
    assertEquals("x", nested.at("/echo/k/0/deep").asText());
    assertNull(await(caller.call(to, "nothing", String.class)));
    assertTrue(await(caller.call(to, "nothing")).isNull());
    assertEquals("SOON", await(caller.call(to, "later", String.class, "soon")));
    assertEquals("Hello, null", await(caller.call(to, "greet", String.class, (Object) null)));
  }

  @Test
  void thousandConcurrentCallsEachGetTheirOwnResult() throws Exception {
    Monologue server = connected();
    server.on("square", args -> {
      long n = args.get(0, long.class);
      return n * n;
    });
    // this test is about matching replies to calls, not speed: a serverless relay may take seconds for 1,000
    Monologue caller = client(Duration.ofSeconds(30));
    caller.connect();
    List<CompletableFuture<Long>> calls = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      calls.add(caller.call(server.id(), "square", Long.class, i));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
    for (int i = 0; i < 1000; i++) {
      assertEquals((long) i * i, calls.get(i).join(), "call " + i);
    }
  }

  // ------------------------------------------------------------------------------------------------ failures

  @Test
  void silentPeerTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Monologue server = connected();
    server.on("stall", args -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    Monologue caller = client(Duration.ofMillis(300));
    caller.connect();
    try {
      long start = System.nanoTime();
      CallTimeoutException e = assertInstanceOf(CallTimeoutException.class,
          failure(caller.call(server.id(), "stall")));
      long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertNames(e, "stall", server.id());
      assertEquals(Duration.ofMillis(300), e.timeout());
      assertTrue(elapsedMillis >= 290 && elapsedMillis < 5000, "timed out after " + elapsedMillis + " ms");
    } finally {
      release.countDown();
    }
  }

  @Test
  void gonePeerFailsFastWithPeerGone() throws Exception {
    Monologue gone = connected();
    String goneId = gone.id();
    gone.close();
    if (relay.controlled()) {
      eventually("the relay forgets the closed client", () -> relay.connectionCount() == 0);
    }
    Monologue caller = client(Duration.ofSeconds(10));
    caller.connect();
    long start = System.nanoTime();
    PeerGoneException e = assertInstanceOf(PeerGoneException.class, failure(caller.call(goneId, "greet", "x")));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
        "PEER_GONE arrives long before the 10 s timeout");
    assertNames(e, "greet", goneId);
  }

  @Test
  void unknownMethodFailsWithNoSuchRemoteMethod() throws Exception {
    Monologue server = connected();
    Monologue caller = connected();
    NoSuchRemoteMethodException e = assertInstanceOf(NoSuchRemoteMethodException.class,
        failure(caller.call(server.id(), "missing", 1)));
    assertNames(e, "missing", server.id());
  }

  @Test
  void throwingHandlerFailsWithItsTypeAndMessage() throws Exception {
    Monologue server = connected();
    server.on("explode", args -> {
      throw new IllegalStateException("kaput");
    });
    server.on("explodeLater", args -> CompletableFuture.failedFuture(new UnsupportedOperationException("later")));
    Monologue caller = connected();
    RemoteFailureException e = assertInstanceOf(RemoteFailureException.class,
        failure(caller.call(server.id(), "explode")));
    assertEquals(RemoteFailureException.HANDLER_FAILED, e.code());
    assertEquals("java.lang.IllegalStateException", e.remoteType());
    assertEquals("kaput", e.remoteMessage());
    assertNames(e, "explode", server.id());
    RemoteFailureException later = assertInstanceOf(RemoteFailureException.class,
        failure(caller.call(server.id(), "explodeLater")));
    assertEquals("java.lang.UnsupportedOperationException", later.remoteType());
    assertEquals("later", later.remoteMessage());
  }

  @Test
  void undecodableArgumentsFailWithBadArguments() throws Exception {
    Monologue server = connected();
    server.on("twice", args -> args.get(0, int.class) * 2);
    server.on("person", args -> args.get(0, Person.class).name());
    Monologue caller = connected();
    String to = server.id();
    RemoteFailureException notANumber = assertInstanceOf(RemoteFailureException.class,
        failure(caller.call(to, "twice", "abc")));
    assertEquals(RemoteFailureException.BAD_ARGUMENTS, notANumber.code());
    assertTrue(notANumber.getMessage().contains("twice"), notANumber.getMessage());
    RemoteFailureException missing = assertInstanceOf(RemoteFailureException.class,
        failure(caller.call(to, "twice")));
    assertEquals(RemoteFailureException.BAD_ARGUMENTS, missing.code());
    assertEquals(RemoteFailureException.BAD_ARGUMENTS,
        assertInstanceOf(RemoteFailureException.class, failure(caller.call(to, "person", List.of(1)))).code());
    assertEquals(84, await(caller.call(to, "twice", Integer.class, 42)), "the server still serves");
  }

  @Test
  void resultThatCannotBeEncodedFailsWithHandlerFailed() throws Exception {
    Monologue server = connected();
    server.on("opaque", args -> new Object());
    Monologue caller = connected();
    RemoteFailureException e = assertInstanceOf(RemoteFailureException.class,
        failure(caller.call(server.id(), "opaque")));
    assertEquals(RemoteFailureException.HANDLER_FAILED, e.code());
    assertTrue(e.remoteMessage().contains("could not be encoded as JSON"), e.remoteMessage());
  }

  @Test
  void messageOverTheRelayLimitClosesTheConnectionFast() throws Exception {
    Monologue server = connected();
    server.on("echo", args -> args.node(0));
    // The client checks the size before sending; a client that allows more meets the relay's limit, where API
    // Gateway (and so the local relay and the stand-in) closes the connection with 1009 and answers nothing.
    Monologue caller = client(options().timeout(Duration.ofSeconds(10)).maxMessageBytes(1024 * 1024)
        .reconnectPolicy(dev.monologue.ReconnectPolicy.disabled()));
    String callerId = caller.connect();
    long start = System.nanoTime();
    // Its last 32 KB fragment crosses the limit: nothing follows unread that could reset the closing socket.
    ConnectionDroppedException e = assertInstanceOf(ConnectionDroppedException.class,
        failure(caller.call(server.id(), "echo", "x".repeat(130 * 1024))));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    assertTrue(e.getMessage().contains("code 1009"), e.getMessage());
    assertNames(e, "echo", server.id());
    assertNotEquals(callerId, caller.connect(), "connecting again gives a new connection");
    assertEquals("small", await(caller.call(server.id(), "echo", String.class, "small")));
  }

  @Test
  void aSingleFrameOverThirtyTwoKilobytesClosesTheConnectionWith1009() throws Exception {
    // a client that does not fragment meets API Gateway's frame limit, whatever the message's size
    assertClosedWithoutAnswer(raw -> raw.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"wide\",\"d\":\""
        + "w".repeat(33 * 1024) + "\"}}"), 1009);
  }

  @Test
  void aBinaryFrameClosesTheConnectionWith1003() throws Exception {
    assertClosedWithoutAnswer(raw -> raw.send(new byte[] {'{', '}'}), 1003);
  }

  /** As API Gateway closes a connection for what it sends: with {@code code}, and no relay error frame. */
  private void assertClosedWithoutAnswer(java.util.function.Consumer<TestClient> send, int code) throws Exception {
    TestClient raw = TestClient.connect(relay.endpoint(), Map.of("x-api-key", key()), relay.sslContext());
    try {
      rawId(raw);
      send.accept(raw);
      assertEquals(code, raw.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS), raw.closeReason);
      assertTrue(raw.received.isEmpty(), "no relay error frame: " + raw.received);
    } finally {
      raw.close();
    }
  }

  @Test
  void undecodableReplyFailsWithReplyDecoding() throws Exception {
    Monologue server = connected();
    server.on("word", args -> "not a person");
    Monologue caller = connected();
    ReplyDecodingException e = assertInstanceOf(ReplyDecodingException.class,
        failure(caller.call(server.id(), "word", Person.class)));
    assertNames(e, "word", server.id());
  }

  @Test
  void callsBeforeConnectAndAfterCloseFailWithNotConnected() throws Exception {
    Monologue client = client(Duration.ofSeconds(5));
    assertThrows(IllegalStateException.class, client::id);
    assertNames(assertInstanceOf(NotConnectedException.class, failure(client.call("peer", "m"))), "m", "peer");
    client.connect();
    client.close();
    assertNames(assertInstanceOf(NotConnectedException.class, failure(client.call("peer", "m"))), "m", "peer");
  }

  @Test
  void droppedConnectionFailsPendingCallsAtOnce() throws Exception {
    assumeControlledRelay();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    Monologue server = connected();
    server.on("hold", args -> {
      started.countDown();
      return release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    // Without automatic reconnect, so that the state between the drop and connect() can be observed.
    Monologue caller = client(options().timeout(Duration.ofSeconds(20))
        .reconnectPolicy(dev.monologue.ReconnectPolicy.disabled()));
    String callerId = caller.connect();
    try {
      CompletableFuture<JsonNode> first = caller.call(server.id(), "hold");
      CompletableFuture<JsonNode> second = caller.call(server.id(), "hold");
      assertTrue(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      long start = System.nanoTime();
      assertTrue(relay.disconnect(callerId));
      assertNames(assertInstanceOf(ConnectionDroppedException.class, failure(first)), "hold", server.id());
      assertInstanceOf(ConnectionDroppedException.class, failure(second));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
      assertNames(assertInstanceOf(NotConnectedException.class, failure(caller.call(server.id(), "hold"))),
          "hold", server.id());
      assertThrows(IllegalStateException.class, caller::id);
      release.countDown();
      String newId = caller.connect();
      assertNotEquals(callerId, newId, "connecting again gives a new connection");
      server.on("ping", args -> "pong");
      assertEquals("pong", await(caller.call(server.id(), "ping", String.class)));
    } finally {
      release.countDown();
    }
  }

  @Test
  void relayShutdownFailsPendingCallsAtOnce() throws Exception {
    assumeControlledRelay();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Monologue server = connected();
    server.on("hold", args -> {
      started.countDown();
      return release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    Monologue caller = client(Duration.ofSeconds(20));
    caller.connect();
    try {
      CompletableFuture<JsonNode> pending = caller.call(server.id(), "hold");
      assertTrue(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      relay.close();
      assertInstanceOf(ConnectionDroppedException.class, failure(pending));
    } finally {
      release.countDown();
    }
  }

  @Test
  void closingTheClientFailsItsPendingCalls() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Monologue server = connected();
    server.on("hold", args -> {
      started.countDown();
      return release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    });
    Monologue caller = connected();
    try {
      CompletableFuture<JsonNode> pending = caller.call(server.id(), "hold");
      assertTrue(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      caller.close();
      ConnectionDroppedException e = assertInstanceOf(ConnectionDroppedException.class, failure(pending));
      assertTrue(e.getMessage().contains("closed by this client"), e.getMessage());
    } finally {
      release.countDown();
    }
  }

  // ------------------------------------------------------------------------------------------------ connecting

  @Test
  void wrongOrMissingApiKeyIsRefusedAtConnect() {
    Monologue wrong = client(options().apiKey("nope"));
    ConnectFailedException e = assertThrows(ConnectFailedException.class, wrong::connect);
    assertTrue(e.getMessage().contains("relay refused the API key (HTTP 403)"), e.getMessage());
    assertEquals(relay.endpoint(), e.endpoint());
    Monologue missing = client(relay.configure(MonologueOptions.builder()).endpoint(relay.endpoint())
        .timeout(Duration.ofSeconds(5)).connectTimeout(WAIT));
    ConnectFailedException m = assertThrows(ConnectFailedException.class, missing::connect);
    assertTrue(m.getMessage().contains("requires an API key (HTTP 403)"), m.getMessage()); // API Gateway's status
    assertThrows(IllegalStateException.class, missing::id);
  }

  @Test
  void connectTwiceAndConcurrentlyReturnsTheSameId() throws Exception {
    Monologue client = client(Duration.ofSeconds(5));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ids.add(pool.submit(() -> {
          go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          return client.connect();
        }));
      }
      go.countDown();
      Set<String> distinct = new HashSet<>();
      for (Future<String> id : ids) {
        distinct.add(id.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      }
      assertEquals(1, distinct.size(), "one connection: " + distinct);
      String id = distinct.iterator().next();
      assertEquals(id, client.connect());
      assertEquals(id, client.id());
      if (relay.controlled()) {
        assertEquals(1, relay.connectionCount());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeIsIdempotentAndDisconnects() throws Exception {
    assumeControlledRelay();
    Monologue client = connected();
    eventually("the relay sees the client", () -> relay.connectionCount() == 1);
    client.close();
    client.close();
    eventually("the relay sees the client leave", () -> relay.connectionCount() == 0);
    assertThrows(IllegalStateException.class, client::connect);
  }

  @Test
  void monologueCreateFindsTheTransport() throws Exception {
    Monologue a = Monologue.create(options().build());
    clients.add(a);
    Monologue b = Monologue.create(options().build());
    clients.add(b);
    a.on("ping", args -> "pong");
    b.connect();
    assertEquals("pong", await(b.call(a.connect(), "ping", String.class)));
  }

  // ------------------------------------------------------------------------------------------------ identity

  @Test
  void relaySetsTheSenderWhateverTheFrameClaims() throws Exception {
    Monologue server = connected();
    AtomicReference<String> seenCaller = new AtomicReference<>();
    server.on("whoCalled", args -> {
      seenCaller.set(args.caller());
      return args.caller();
    });
    TestClient raw = TestClient.connect(relay.endpoint(), Map.of("x-api-key", key()), relay.sslContext());
    try {
      raw.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"me\"}}");
      String rawId = JSON.readTree(raw.next()).get("from").asText();
      raw.send("{\"action\":\"sendmessage\",\"to\":\"" + server.id() + "\",\"from\":\"someone-else\","
          + "\"payload\":{\"type\":\"REQ\",\"token\":\"t1\",\"name\":\"whoCalled\",\"args\":[]}}");
      JsonNode reply = JSON.readTree(raw.next());
      assertEquals(rawId, reply.get("to").asText());
      assertEquals(server.id(), reply.get("from").asText());
      assertEquals("ACK", reply.at("/payload/type").asText());
      assertEquals("t1", reply.at("/payload/token").asText());
      assertEquals(rawId, reply.at("/payload/ret").asText());
      assertEquals(rawId, seenCaller.get());
      assertNotEquals("someone-else", seenCaller.get());
    } finally {
      raw.closeBlocking();
    }
  }

  @Test
  void forgedReplyFromAnotherMachineDoesNotResolveACall() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Monologue server = connected();
    server.on("slow", args -> {
      release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return "real";
    });
    Monologue caller = connected();
    TestClient raw = TestClient.connect(relay.endpoint(), Map.of("x-api-key", key()), relay.sslContext());
    try {
      CompletableFuture<String> call = caller.call(server.id(), "slow", String.class);
      // Even a forger who knew a token cannot answer for the peer: replies are matched to the peer called.
      raw.send("{\"action\":\"sendmessage\",\"to\":\"" + caller.id() + "\",\"payload\":{\"type\":\"ACK\","
          + "\"token\":\"guess\",\"ret\":\"forged\"}}");
      raw.send("{\"action\":\"sendmessage\",\"to\":\"" + caller.id() + "\",\"payload\":\"not an object\"}");
      release.countDown();
      assertEquals("real", await(call));
    } finally {
      release.countDown();
      raw.closeBlocking();
    }
  }

  @Test
  void forgerWhoKnowsTheTokenAndRepliesFirstDoesNotResolveTheCall() throws Exception {
    Monologue caller = connected();
    caller.on("echo", args -> args.get(0, String.class));
    TestClient callee = TestClient.connect(relay.endpoint(), Map.of("x-api-key", key()), relay.sslContext());
    TestClient forger = TestClient.connect(relay.endpoint(), Map.of("x-api-key", key()), relay.sslContext());
    try {
      String calleeId = rawId(callee);
      String forgerId = rawId(forger);
      CompletableFuture<String> call = caller.call(calleeId, "slow", String.class);
      JsonNode request = JSON.readTree(callee.next());
      assertEquals("REQ", request.at("/payload/type").asText());
      String token = request.at("/payload/token").asText();
      // The callee leaks the real token; the forger answers with it before the callee does.
      forger.send("{\"action\":\"sendmessage\",\"to\":\"" + caller.id() + "\",\"payload\":{\"type\":\"ACK\","
          + "\"token\":\"" + token + "\",\"ret\":\"forged\"}}");
      forger.send("{\"action\":\"sendmessage\",\"to\":\"" + caller.id() + "\",\"payload\":{\"type\":\"ERR\","
          + "\"token\":\"" + token + "\",\"error\":{\"code\":\"HANDLER_FAILED\",\"message\":\"forged\"}}}");
      // A request after the forgeries, on the same connection: once it is answered, the caller has read them.
      forger.send("{\"action\":\"sendmessage\",\"to\":\"" + caller.id() + "\",\"payload\":{\"type\":\"REQ\","
          + "\"token\":\"after\",\"name\":\"echo\",\"args\":[\"x\"]}}");
      JsonNode echoed = JSON.readTree(forger.next());
      assertEquals(forgerId, echoed.get("to").asText());
      assertEquals("after", echoed.at("/payload/token").asText());
      assertFalse(call.isDone(), "a reply from a machine other than the one called resolved the call: " + call);
      callee.send("{\"action\":\"sendmessage\",\"to\":\"" + caller.id() + "\",\"payload\":{\"type\":\"ACK\","
          + "\"token\":\"" + token + "\",\"ret\":\"real\"}}");
      assertEquals("real", await(call));
    } finally {
      callee.closeBlocking();
      forger.closeBlocking();
    }
  }

  private static String rawId(TestClient raw) throws Exception {
    raw.send("{\"action\":\"whoami\",\"payload\":{\"token\":\"me\"}}");
    return JSON.readTree(raw.next()).get("from").asText();
  }

  // ------------------------------------------------------------------------------------------------ threads

  @Test
  void handlersAndContinuationsNeverRunOnTheSocketThread() throws Exception {
    Monologue server = connected();
    AtomicReference<String> handlerThread = new AtomicReference<>();
    server.on("where", args -> {
      handlerThread.set(Thread.currentThread().getName());
      return "here";
    });
    Monologue caller = connected();
    String continuationThread = await(caller.call(server.id(), "where", String.class)
        .thenApply(v -> Thread.currentThread().getName()));
    assertTrue(handlerThread.get().startsWith("monologue-handler-"), handlerThread.get());
    assertFalse(continuationThread.contains("WebSocket"), continuationThread);
  }

  record Name(String firstName, String lastName) {}

  @Test
  void configuredObjectMapperEncodesAndDecodes() throws Exception {
    ObjectMapper snake = MonologueJson.newMapper()
        .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    Monologue server = client(options().objectMapper(snake));
    server.on("swap", args -> {
      Name n = args.get(0, Name.class);
      return new Name(n.lastName(), n.firstName());
    });
    server.connect();
    Monologue caller = connected();
    JsonNode swapped = await(caller.call(server.id(), "swap", JSON.readTree("{\"first_name\":\"Ada\","
        + "\"last_name\":\"Lovelace\"}")));
    assertEquals(JSON.readTree("{\"first_name\":\"Lovelace\",\"last_name\":\"Ada\"}"), swapped);
  }

  @Test
  void handlersRunOnTheConfiguredExecutor() throws Exception {
    ExecutorService mine = Executors.newFixedThreadPool(2, r -> new Thread(r, "mine"));
    try {
      Monologue server = client(options().handlerExecutor(mine));
      server.on("where", args -> Thread.currentThread().getName());
      server.connect();
      Monologue caller = connected();
      assertEquals("mine", await(caller.call(server.id(), "where", String.class)));
    } finally {
      mine.shutdownNow();
    }
  }

  // ------------------------------------------------------------------------------------------------ typed service

  /** Serves {@link FileService}: paths starting "missing" fail with the declared exception, "locked" undeclared. */
  static final class FileStore implements FileService {
    final List<String> touched = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public String read(String path) throws IOException {
      if (path.startsWith("missing")) {
        throw new IOException("no such file: " + path);
      }
      if (path.startsWith("locked")) {
        throw new IllegalStateException("locked: " + path);
      }
      return "contents of " + path;
    }

    @Override
    public void touch(String path) {
      touched.add(path);
    }

    @Override
    public CompletableFuture<Integer> size(String path) {
      return path.startsWith("missing")
          ? CompletableFuture.failedFuture(new IOException("no size: " + path))
          : CompletableFuture.completedFuture(path.length());
    }

    @Override
    public CompletionStage<Author> oldest(List<Author> authors) {
      return CompletableFuture.completedFuture(
          authors.stream().max(java.util.Comparator.comparingInt(Author::age)).orElseThrow());
    }
  }

  /** A connected client serving a fresh {@link FileStore}. */
  private Monologue fileServer(FileStore files) {
    Monologue server = connected();
    server.register(FileService.class, files);
    return server;
  }

  @Test
  void stubCallsARegisteredServiceForEveryReturnKind() throws Exception {
    FileStore files = new FileStore();
    Monologue server = fileServer(files);
    FileService stub = connected().stub(server.id(), FileService.class);

    assertEquals("contents of a.txt", stub.read("a.txt"));
    stub.touch("b.txt");
    assertEquals(List.of("b.txt"), files.touched);
    assertEquals(4, await(stub.size("four")));
    assertEquals(new Author("B", 9),
        await(stub.oldest(List.of(new Author("A", 3), new Author("B", 9))).toCompletableFuture()));
  }

  @Test
  void declaredExceptionIsRethrownAsItsOwnType() throws Exception {
    Monologue server = fileServer(new FileStore());
    FileService stub = connected().stub(server.id(), FileService.class);

    IOException blocking = assertThrows(IOException.class, () -> stub.read("missing.txt"));
    assertEquals("no such file: missing.txt", blocking.getMessage());
    assertInstanceOf(RemoteFailureException.class, blocking.getCause());
    IOException async = assertInstanceOf(IOException.class, failure(stub.size("missing.bin")));
    assertEquals("no size: missing.bin", async.getMessage());
  }

  @Test
  void undeclaredExceptionIsARemoteFailureThrownFromTheCallersFrame() throws Exception {
    Monologue server = fileServer(new FileStore());
    FileService stub = connected().stub(server.id(), FileService.class);
    RemoteFailureException e = assertThrows(RemoteFailureException.class, () -> stub.read("locked.txt"));
    assertEquals("java.lang.IllegalStateException", e.remoteType());
    assertEquals("locked: locked.txt", e.remoteMessage());
    assertNames(e, "Files.read", server.id());
    assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName().startsWith("undeclaredException")),
        "stack trace shows the caller: " + Arrays.toString(e.getStackTrace()));
  }

  @Test
  void skeletonRefusesArgumentsItCannotDecode() throws Exception {
    Monologue server = fileServer(new FileStore());
    Monologue caller = connected();
    RemoteFailureException tooFew = assertInstanceOf(RemoteFailureException.class,
        failure(caller.call(server.id(), "Files.read")));
    assertEquals(RemoteFailureException.BAD_ARGUMENTS, tooFew.code());
    assertTrue(tooFew.remoteMessage().contains("takes 1 argument"), tooFew.remoteMessage());
    RemoteFailureException wrongType = assertInstanceOf(RemoteFailureException.class,
        failure(caller.call(server.id(), "Files.oldest", "not a list")));
    assertEquals(RemoteFailureException.BAD_ARGUMENTS, wrongType.code());
    assertEquals("contents of x", await(caller.call(server.id(), "Files.read", String.class, "x")),
        "string-named calls reach typed services on the same wire names");
  }

  @Test
  void blockingStubCallTimesOutAndNamesTheCall() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Monologue server = connected();
    server.on("Files.read", args -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    Monologue caller = client(Duration.ofMillis(300));
    caller.connect();
    try {
      FileService stub = caller.stub(server.id(), FileService.class);
      CallTimeoutException e = assertThrows(CallTimeoutException.class, () -> stub.read("a"));
      assertNames(e, "Files.read", server.id());
    } finally {
      release.countDown();
    }
  }

  @Test
  void twoServicesCannotShareAWireName() {
    Monologue server = client(Duration.ofSeconds(5));
    server.register(FileService.class, new FileStore());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> server.register(FileService.Clash.class, path -> path));
    assertTrue(e.getMessage().contains(FileService.class.getName())
        && e.getMessage().contains(FileService.Clash.class.getName()) && e.getMessage().contains("Files.read"),
        e.getMessage());
  }
}
