package dev.monologue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monologue command as a process, against a real local relay and a real callee in this JVM. */
class MonologueCliTest {
  /** A JVM's start and a connection, on a loaded machine. */
  private static final Duration RUN = Duration.ofSeconds(60);
  private static final String KEY = "cli-test-key";

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch holding = new CountDownLatch(1);
  private LocalRelay relay;
  private Monologue callee;

  @BeforeEach
  void start() {
    relay = LocalRelay.builder().host("127.0.0.1").port(0).apiKeys(Set.of(KEY)).build();
    open.add(relay);
    relay.start();
    callee = client();
    callee.on("add", args -> args.get(0, Integer.class) + args.get(1, Integer.class));
    callee.on("echo", args -> args.node(0));
    callee.on("fail", args -> {
      throw new IllegalStateException("out of stock: " + args.get(0, String.class));
    });
    callee.on("hold", args -> {
      holding.countDown();
      return release.await(RUN.toMillis(), TimeUnit.MILLISECONDS);
    });
    callee.claim("billing");
  }

  @AfterEach
  void close() throws Exception {
    release.countDown();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Monologue client() {
    Monologue client = Monologue.create(MonologueOptions.builder().endpoint(relay.endpoint()).apiKey(KEY)
        .connectTimeout(Awaits.WAIT).build());
    open.add(client);
    client.connect();
    return client;
  }

  /** The environment that points the command at the relay, as a user's shell would. */
  private Map<String, String> env() {
    return Map.of("MONOLOGUE_ENDPOINT", relay.endpoint().toString(), "MONOLOGUE_API_KEY", KEY);
  }

  private CliProcess run(Map<String, String> env, String... args) {
    CliProcess p = CliProcess.start(dir, env, args);
    open.add(p);
    return p;
  }

  @Test
  void callByIdPrintsTheJsonResult() throws Exception {
    CliProcess p = run(env(), "call", callee.id(), "add", "2", "40");
    assertEquals(0, p.awaitExit(RUN), p.toString());
    assertEquals("42", p.out());
  }

  @Test
  void callByNameSendsJsonArgumentsAsGiven() throws Exception {
    CliProcess p = run(env(), "call", "billing", "echo", "{\"id\": 7, \"tags\": [\"a\", null]}");
    assertEquals(0, p.awaitExit(RUN), p.toString());
    assertEquals("{\"id\":7,\"tags\":[\"a\",null]}", p.out());
  }

  @Test
  void remoteFailureExitsOneWithTheRemoteMessage() throws Exception {
    CliProcess p = run(env(), "call", "billing", "fail", "\"tea\"");
    assertEquals(ExitCode.REMOTE_ERROR.code, p.awaitExit(RUN), p.toString());
    assertEquals("", p.out());
    assertTrue(p.err().contains("monologue call:") && p.err().contains("out of stock: tea"), p.err());
  }

  @Test
  void unknownMethodAndUnknownPeerHaveTheirOwnCodes() throws Exception {
    CliProcess method = run(env(), "call", "billing", "refund");
    CliProcess peer = run(env(), "call", "nobody-holds-this", "add", "1", "2");
    assertEquals(ExitCode.NO_SUCH_METHOD.code, method.awaitExit(RUN), method.toString());
    assertTrue(method.err().contains("refund"), method.err());
    assertEquals(ExitCode.PEER_GONE.code, peer.awaitExit(RUN), peer.toString());
  }

  @Test
  void aCallPastTheTimeoutExitsWithTheTimeoutCode() throws Exception {
    CliProcess p = run(env(), "call", "--timeout", "PT2S", "billing", "hold");
    assertEquals(ExitCode.TIMEOUT.code, p.awaitExit(RUN), p.toString());
    assertTrue(p.err().contains("hold"), p.err());
  }

  @Test
  void aConnectionLostDuringTheCallExitsWithTheDroppedCode() throws Exception {
    CliProcess p = run(env(), "call", "--timeout", "PT60S", "billing", "hold");
    assertTrue(holding.await(RUN.toMillis(), TimeUnit.MILLISECONDS), "the call never reached the callee\n" + p);
    relay.close();
    assertEquals(ExitCode.DROPPED.code, p.awaitExit(RUN), p.toString());
    assertTrue(p.err().contains("hold"), p.err());
  }

  @Test
  void watchEndsWithCannotConnectWhenReconnectingGivesUp() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(env());
    env.put("MONOLOGUE_RECONNECT_MAX_ATTEMPTS", "2");
    env.put("MONOLOGUE_RECONNECT_INITIAL_DELAY", "100");
    CliProcess p = run(env, "watch", "billing");
    p.awaitOutLines(1, RUN);
    relay.close();
    assertEquals(ExitCode.CANNOT_CONNECT.code, p.awaitExit(RUN), p.toString());
  }

  @Test
  void badArgumentsAreUsageErrorsBeforeAnyConnection() throws Exception {
    CliProcess notJson = run(Map.of(), "call", "billing", "echo", "tea");
    CliProcess unknown = run(Map.of(), "cal", "billing");
    CliProcess missing = run(Map.of(), "call", "billing");
    assertEquals(ExitCode.USAGE.code, notJson.awaitExit(RUN), notJson.toString());
    assertTrue(notJson.err().contains("Argument 1 of echo is not JSON: tea"), notJson.err());
    assertEquals(ExitCode.USAGE.code, unknown.awaitExit(RUN), unknown.toString());
    assertEquals(ExitCode.USAGE.code, missing.awaitExit(RUN), missing.toString());
    assertTrue(missing.err().contains("METHOD"), missing.err());
  }

  @Test
  void refusedApiKeyAndUnreachableRelayCannotConnect() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CliProcess wrongKey = run(Map.of("MONOLOGUE_ENDPOINT", relay.endpoint().toString(), "MONOLOGUE_API_KEY",
        "not-the-key"), "whoami");
    CliProcess nobody = run(Map.of(), "whoami", "--endpoint", "ws://127.0.0.1:" + closedPort);
    assertEquals(ExitCode.CANNOT_CONNECT.code, wrongKey.awaitExit(RUN), wrongKey.toString());
    assertEquals(ExitCode.CANNOT_CONNECT.code, nobody.awaitExit(RUN), nobody.toString());
    assertTrue(nobody.err().contains("127.0.0.1:" + closedPort), nobody.err());
    assertTrue(!wrongKey.err().contains("not-the-key"), "the key is never printed: " + wrongKey.err());
  }

  @Test
  void noEndpointAnywhereIsAConfigurationError() throws Exception {
    CliProcess p = run(Map.of(), "whoami");
    assertEquals(ExitCode.CONFIGURATION.code, p.awaitExit(RUN), p.toString());
    assertTrue(p.err().contains("No relay endpoint configured"), p.err());
  }

  @Test
  void readsTheNearestMonologuercAsTheClientDoes() throws Exception {
    Files.writeString(dir.resolve(".monologuerc"),
        "{\"opts\": {\"endpoint\": \"" + relay.endpoint() + "\", \"apiKey\": \"" + KEY + "\"}}");
    Path below = Files.createDirectories(dir.resolve("project/src"));
    CliProcess p = CliProcess.start(below, Map.of(), "whoami");
    open.add(p);
    assertEquals(0, p.awaitExit(RUN), p.toString());
    assertTrue(p.out().matches("\\S+"), "one connection ID: " + p.out());
  }

  @Test
  void membersListsIdsAndNames() throws Exception {
    Monologue worker = client();
    worker.claim("worker-1");
    worker.join("workers");
    Monologue other = client();
    other.join("workers");
    CliProcess p = run(env(), "members", "workers");
    assertEquals(0, p.awaitExit(RUN), p.toString());
    assertEquals(Set.of(worker.id() + " worker-1", other.id()), Set.copyOf(List.of(p.out().split("\n"))));
  }

  @Test
  void callAnyReachesAGroupMember() throws Exception {
    callee.join("adders");
    CliProcess p = run(env(), "call", "--any", "adders", "add", "1", "1");
    assertEquals(0, p.awaitExit(RUN), p.toString());
    assertEquals("2", p.out());
  }

  @Test
  void watchPrintsEachChangeUntilTerminated() throws Exception {
    Monologue member = client();
    member.join("watched");
    CliProcess p = run(env(), "watch", "--group", "watched");
    assertEquals(List.of("APPEARED watched " + member.id()), p.awaitOutLines(1, RUN));
    Monologue joiner = client();
    joiner.join("watched");
    assertEquals("APPEARED watched " + joiner.id(), p.awaitOutLines(2, RUN).get(1));
    member.leave("watched");
    assertEquals("DISAPPEARED watched " + member.id(), p.awaitOutLines(3, RUN).get(2));
    p.terminate();
    p.awaitExit(RUN);
  }

  @Test
  void watchOfANameSeesItsHolder() throws Exception {
    CliProcess p = run(env(), "watch", "billing");
    assertEquals(List.of("APPEARED billing " + callee.id()), p.awaitOutLines(1, RUN));
  }

  @Test
  void relayDelegatesEveryArgumentToRelayMain() throws Exception {
    CliProcess help = run(Map.of(), "relay", "--help");
    assertEquals(0, help.awaitExit(RUN), help.toString());
    assertTrue(help.out().contains("--port") && help.out().contains("--api-key"), help.out());
    CliProcess bad = run(Map.of(), "relay", "--no-such-option");
    assertEquals(2, bad.awaitExit(RUN), bad.toString());
    assertTrue(bad.err().contains("--no-such-option"), bad.err());

    CliProcess server = run(Map.of(), "relay", "--host", "127.0.0.1", "--port", "0", "--api-key", KEY);
    String endpoint = server.awaitOut(java.util.regex.Pattern.compile("ws://[^\\s,;]+"), RUN).group();
    CliProcess whoami = run(Map.of("MONOLOGUE_ENDPOINT", endpoint, "MONOLOGUE_API_KEY", KEY), "whoami");
    assertEquals(0, whoami.awaitExit(RUN), whoami + "\nrelay:\n" + server);
  }

  @Test
  void standInDelegatesToStandInMain() throws Exception {
    CliProcess help = run(Map.of(), "stand-in", "--help");
    assertEquals(0, help.awaitExit(RUN), help.toString());
    assertTrue(help.out().contains("--dynamodb") || help.out().contains("--port"), help.out());
  }

  @Test
  void completionScriptCoversTheSubcommands() throws Exception {
    CliProcess p = run(Map.of(), "completion");
    assertEquals(0, p.awaitExit(RUN), p.toString());
    assertTrue(p.out().contains("complete -F"), p.out());
    for (String sub : List.of("call", "members", "watch", "whoami", "relay", "stand-in")) {
      assertTrue(p.out().contains(sub), sub + " missing from the completion script");
    }
  }

  @Test
  void helpListsTheExitCodes() throws Exception {
    CliProcess p = run(Map.of(), "--help");
    assertEquals(0, p.awaitExit(RUN), p.toString());
    for (ExitCode code : ExitCode.values()) {
      String start = code.meaning.substring(0, Math.min(20, code.meaning.length()));
      assertTrue(p.out().contains(start), code + " missing from --help:\n" + p.out());
    }
  }
}
