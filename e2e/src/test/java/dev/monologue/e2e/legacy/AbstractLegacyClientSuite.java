package dev.monologue.e2e.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.CallContext;
import dev.monologue.CallOptions;
import dev.monologue.Calls;
import dev.monologue.ConnectionListener;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.PeerGoneException;
import dev.monologue.e2e.RelayFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strict first-generation Node client beside Java machines, through one relay: calls both ways, many at once,
 * and the situations where a Java machine could send it a frame it cannot handle. After every scenario the client
 * must still be alive and exit cleanly (a frame it cannot handle ends it with a non-zero code).
 */
abstract class AbstractLegacyClientSuite {
  static final String KEY = "legacy-key";
  static final Duration WAIT = LegacyNodeClient.WAIT;
  /** The legacy client's own call timeout: its calls that get no reply resolve undefined after this. */
  static final Duration LEGACY_TIMEOUT = Duration.ofSeconds(4);

  protected abstract RelayFixture startRelay(Set<String> apiKeys);

  @TempDir Path scratch;
  RelayFixture relay;
  private final List<Monologue> machines = new ArrayList<>();
  private final List<LegacyNodeClient> legacyClients = new ArrayList<>();

  @BeforeEach
  void startRelay() {
    relay = startRelay(Set.of(KEY));
  }

  @AfterEach
  void stopAll() {
    legacyClients.forEach(LegacyNodeClient::close);
    machines.forEach(Monologue::close);
    relay.close();
  }

  /** Java machines probe often, so that every scenario sees probes while calls to the legacy client wait. */
  static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

  /**
   * The relay's certificate authority as a PEM file for Node ({@code NODE_EXTRA_CA_CERTS}: Node then trusts it and
   * still checks the certificate), or null when the relay is plain {@code ws://}.
   */
  Path caPem() {
    return relay.tls() == null ? null : relay.tls().writeCaPem(scratch.resolve("relay-ca.pem"));
  }

  Monologue javaMachine(MonologueOptions.Builder options) {
    Monologue m = Monologue.create(relay.configure(options).endpoint(relay.endpoint()).apiKey(KEY)
        .probeInterval(PROBE_INTERVAL).build());
    machines.add(m);
    m.connect();
    return m;
  }

  Monologue javaMachine() {
    return javaMachine(MonologueOptions.builder().timeout(WAIT));
  }

  LegacyNodeClient legacyClient() throws IOException, InterruptedException {
    LegacyNodeClient c = LegacyNodeClient.start(relay.endpoint(), KEY, LEGACY_TIMEOUT, scratch, caPem());
    legacyClients.add(c);
    return c;
  }

  /** The client survived: it is still running, and exits 0 when asked to quit. */
  static void assertSurvived(LegacyNodeClient legacy) throws InterruptedException {
    assertTrue(legacy.isAlive(), () -> "the legacy client died; its standard error:\n" + legacy.stderr());
    legacy.quit();
    legacy.awaitExit(0);
  }

  static JsonNode result(CompletableFuture<JsonNode> call) throws Exception {
    return call.get(WAIT.toSeconds() + LEGACY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  record Person(String name, List<String> tags, int age) {}

  @Test
  void javaCallsTheLegacyClientAndTheLegacyClientCallsJava() throws Exception {
    Monologue java = javaMachine();
    java.on("greet", call -> "Hello " + call.get(0, String.class) + ", from Java");
    java.on("person", call -> new Person(call.get(0, String.class), List.of("a", "b"), 42));
    LegacyNodeClient legacy = legacyClient();

    assertEquals(5, java.call(legacy.id(), "add", Integer.class, 2, 3).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    JsonNode echoed = java.call(legacy.id(), "echo", Map.of("nested", List.of(1, "two", Map.of("three", 3))))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals("{\"nested\":[1,\"two\",{\"three\":3}]}", echoed.toString());

    assertEquals("Hello Node, from Java",
        LegacyNodeClient.returned(result(legacy.call(java.id(), "greet", "Node"))).asText());
    assertEquals("{\"name\":\"Ada\",\"tags\":[\"a\",\"b\"],\"age\":42}",
        LegacyNodeClient.returned(result(legacy.call(java.id(), "person", "Ada"))).toString());
    assertSurvived(legacy);
  }

  @Test
  void twoHundredConcurrentCallsEachWay() throws Exception {
    Monologue java = javaMachine();
    java.on("twice", call -> call.get(0, Integer.class) * 2);
    LegacyNodeClient legacy = legacyClient();

    List<CompletableFuture<Integer>> fromJava = new ArrayList<>();
    List<CompletableFuture<JsonNode>> fromLegacy = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      fromJava.add(java.call(legacy.id(), "add", Integer.class, i, 1000));
      fromLegacy.add(legacy.call(java.id(), "twice", i));
    }
    for (int i = 0; i < 200; i++) {
      assertEquals(i + 1000, fromJava.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS), "Java's call " + i);
      assertEquals(2 * i, LegacyNodeClient.returned(result(fromLegacy.get(i))).asInt(), "the legacy call " + i);
    }
    assertSurvived(legacy);
  }

  @Test
  void aJavaMachineThatReconnectsIsReachableAtItsNewId() throws Exception {
    CompletableFuture<String> newId = new CompletableFuture<>();
    Monologue java = javaMachine(MonologueOptions.builder().timeout(WAIT).connectionListener(
        new ConnectionListener() {
          @Override
          public void onReconnected(String oldId, String id) {
            newId.complete(id);
          }
        }));
    java.on("greet", call -> "Hello " + call.get(0, String.class));
    LegacyNodeClient legacy = legacyClient();
    assertEquals("Hello before", LegacyNodeClient.returned(result(legacy.call(java.id(), "greet", "before")))
        .asText());

    String oldId = java.id();
    assertTrue(relay.disconnect(oldId), "the relay dropped the Java machine");
    String id = newId.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNotEquals(oldId, id);
    assertEquals("Hello after", LegacyNodeClient.returned(result(legacy.call(id, "greet", "after"))).asText());
    assertEquals(7, java.call(legacy.id(), "add", Integer.class, 3, 4).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertSurvived(legacy);
  }

  @Test
  void callsWithContextAndTheirCancelsNeverUpsetTheLegacyClient() throws Exception {
    Monologue java = javaMachine(MonologueOptions.builder().timeout(WAIT)
        .clientInterceptor(call -> call.metadata().put("trace", "t-1")));
    java.on("greet", call -> {
      CallContext.current().trailer("served-by", "java"); // not sent: an original caller cannot read it
      return "Hello " + call.get(0, String.class);
    });
    LegacyNodeClient legacy = legacyClient();
    Calls withContext = java.withOptions(CallOptions.builder().timeout(WAIT).metadata("k", "v").build());

    // a request with a deadline and metadata, then a cancel, both of which the original client must ignore
    assertEquals(5, withContext.call(legacy.id(), "add", Integer.class, 2, 3).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    CompletableFuture<String> slow = withContext.call(legacy.id(), "slow", String.class, WAIT.toMillis() * 2, "x");
    assertTrue(slow.cancel(true));
    // sent after the cancel on the same connection: its answer means the cancel was read, and the client lives
    assertEquals(7, java.call(legacy.id(), "add", Integer.class, 3, 4).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals("Hello Node", LegacyNodeClient.returned(result(legacy.call(java.id(), "greet", "Node"))).asText());
    assertSurvived(legacy);
  }

  @Test
  void plainCallsTheirCancelsAndTheirCallersClosingNeverUpsetTheLegacyClient() throws Exception {
    Monologue java = javaMachine();
    Monologue closing = javaMachine();
    LegacyNodeClient legacy = legacyClient();

    // a plain call carries its deadline too, and its cancel goes to the callee as a call with context's does
    CompletableFuture<String> slow = java.call(legacy.id(), "slow", String.class, WAIT.toMillis() * 2, "x");
    assertTrue(slow.cancel(true));
    assertEquals(7, java.call(legacy.id(), "add", Integer.class, 3, 4).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    // a machine that closes tells the callees of its pending plain calls, on its way out
    closing.call(legacy.id(), "slow", String.class, WAIT.toMillis() * 2, "y");
    closing.close();
    assertEquals(9, java.call(legacy.id(), "add", Integer.class, 4, 5).get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertSurvived(legacy);
  }

  @Test
  void aLegacyHandlerSlowerThanEveryProbeIntervalAnswers() throws Exception {
    Monologue java = javaMachine();
    LegacyNodeClient legacy = legacyClient();
    long slowMillis = PROBE_INTERVAL.toMillis() * 10;
    assertEquals("late", java.call(legacy.id(), "slow", String.class, slowMillis, "late")
        .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertSurvived(legacy);
  }

  @Test
  void aJavaHandlerThatThrowsLetsTheLegacyCallTimeOutLikeTheOriginals() throws Exception {
    Monologue java = javaMachine();
    java.on("fails", call -> {
      throw new IllegalStateException("broken on purpose");
    });
    java.on("greet", call -> "Hello " + call.get(0, String.class));
    LegacyNodeClient legacy = legacyClient();
    assertTrue(result(legacy.call(java.id(), "fails", 1)).has("undefined"), "resolved undefined at its timeout");
    assertEquals("Hello again", LegacyNodeClient.returned(result(legacy.call(java.id(), "greet", "again")))
        .asText());
    assertSurvived(legacy);
  }

  @Test
  void aCallToAMethodTheJavaSideLacksTimesOutLikeTheOriginals() throws Exception {
    Monologue java = javaMachine();
    LegacyNodeClient legacy = legacyClient();
    assertTrue(result(legacy.call(java.id(), "noSuchMethod", "x")).has("undefined"),
        "resolved undefined at its timeout");
    assertSurvived(legacy);
  }

  @Test
  void aJavaCallToALegacyClientThatDiesFailsFast() throws Exception {
    Monologue java = javaMachine();
    LegacyNodeClient legacy = legacyClient();
    CompletableFuture<String> call = java.call(legacy.id(), "slow", String.class, WAIT.toMillis() * 2, "never");
    long start = System.nanoTime();
    legacy.close(); // SIGKILL: no close frame
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(PeerGoneException.class, failed.getCause());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(WAIT.dividedBy(2)) < 0, "failed in " + took + ", well before the call's timeout");
  }

  @Test
  void aLegacyCallToAConnectionThatIsGoneTimesOutLikeTheOriginals() throws Exception {
    Monologue java = javaMachine();
    java.on("greet", call -> "Hello " + call.get(0, String.class));
    String goneId = javaMachine().id();
    machines.get(1).close();
    LegacyNodeClient legacy = legacyClient();
    // The relay cannot deliver it; a relay error frame would end the client, so none is sent.
    assertTrue(result(legacy.call(goneId, "greet", "nobody")).has("undefined"), "resolved undefined at its timeout");
    assertEquals("Hello after", LegacyNodeClient.returned(result(legacy.call(java.id(), "greet", "after"))).asText());
    assertSurvived(legacy);
  }

  @Test
  void aBareWhoamiGetsTheBareConnectionId() throws Exception {
    JsonNode answer = LegacyNodeClient.bareWhoami(relay.endpoint(), KEY, scratch, caPem());
    String bare = answer.get("id").asText();
    assertEquals(answer.get("loopbackId").asText(), bare, "the bare answer is the connection's ID");
    assertTrue(bare.matches("[A-Za-z0-9_=-]{8,}"), bare);
  }
}
