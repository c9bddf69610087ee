package dev.monologue.e2e.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The strict first-generation client of {@code src/test/node/legacy-client} in a Node child process: it learns its
 * ID, serves {@code echo}, {@code add} and {@code slow}, and makes calls it is told to make on its standard input.
 * Everything it writes on standard error is kept, for failure messages.
 */
final class LegacyNodeClient implements AutoCloseable {
  static final Path SCRIPT_DIR = Path.of("src", "test", "node", "legacy-client").toAbsolutePath();
  static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final Map<Integer, CompletableFuture<JsonNode>> results = new ConcurrentHashMap<>();
  private final StringBuffer stderr = new StringBuffer();
  private final AtomicInteger ids = new AtomicInteger();
  private final String id;

  private LegacyNodeClient(Process process, boolean waitForReady) throws InterruptedException {
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread out = new Thread(this::readEvents, "legacy-client-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(() -> drain(process.getErrorStream()), "legacy-client-stderr");
    err.setDaemon(true);
    err.start();
    this.id = waitForReady ? nextEvent("ready").get("id").asText() : null;
  }

  /**
   * Starts the client in its own temporary working and home directory, configured through rc's environment
   * variables ({@code monologue_opts__endpoint}, ...), the way the original is configured without a file.
   */
  static LegacyNodeClient start(URI endpoint, String apiKey, Duration timeout, Path scratch, Path caPem)
      throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>();
    trust(env, caPem);
    env.put("monologue_opts__endpoint", endpoint.toString());
    env.put("monologue_opts__apiKey", apiKey);
    env.put("monologue_opts__timeout", Long.toString(timeout.toMillis()));
    return new LegacyNodeClient(launch(scratch, scratch, env, List.of()), true);
  }

  /** Starts the client in {@code workingDirectory} with {@code home}, configured only by the rc files it finds. */
  static LegacyNodeClient startConfiguredByFiles(Path workingDirectory, Path home)
      throws IOException, InterruptedException {
    return new LegacyNodeClient(launch(workingDirectory, home, Map.of(), List.of()), true);
  }

  /**
   * Runs the bare-whoami mode: {@code id} is the text frame the relay answered the bare {@code whoami} with,
   * {@code loopbackId} the ID a first-generation whoami on the same connection reported.
   */
  static JsonNode bareWhoami(URI endpoint, String apiKey, Path scratch, Path caPem)
      throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>(Map.of("monologue_opts__endpoint", endpoint.toString(),
        "monologue_opts__apiKey", apiKey));
    trust(env, caPem);
    try (LegacyNodeClient c = new LegacyNodeClient(launch(scratch, scratch, env, List.of("bare-whoami")), false)) {
      JsonNode answer = c.nextEvent("bare-id");
      c.awaitExit(0);
      return answer;
    }
  }

  /** Node trusts the CA in {@code caPem} (null: none) besides its own, and still verifies the relay's certificate. */
  private static void trust(Map<String, String> env, Path caPem) {
    if (caPem != null) {
      env.put("NODE_EXTRA_CA_CERTS", caPem.toAbsolutePath().toString());
    }
  }

  private static Process launch(Path workingDirectory, Path home, Map<String, String> rcEnvironment,
      List<String> arguments) throws IOException {
    if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules"))) {
      throw new IllegalStateException(SCRIPT_DIR + "/node_modules is missing: the build installs it with"
          + " 'npm ci' (phase generate-test-resources); run the tests through Maven");
    }
    List<String> command = new ArrayList<>(List.of("node", SCRIPT_DIR.resolve("legacy-client.js").toString()));
    command.addAll(arguments);
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith("monologue_"));
    env.put("HOME", home.toString());
    env.putAll(rcEnvironment);
    return pb.start();
  }

  /** The client's connection ID, from its whoami. */
  String id() {
    return id;
  }

  /** Tells the client to call {@code name} on {@code to}; completes with its result line. */
  CompletableFuture<JsonNode> call(String to, String name, Object... args) {
    int n = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    results.put(n, result);
    ObjectNode command = JSON.createObjectNode().put("op", "call").put("id", n).put("to", to).put("name", name);
    command.set("args", JSON.valueToTree(args));
    write(command.toString());
    return result;
  }

  /** The value the call returned; fails when the client's call resolved {@code undefined}. */
  static JsonNode returned(JsonNode result) {
    if (result.has("undefined")) {
      throw new AssertionError("the legacy client's call resolved undefined (its timeout)");
    }
    return result.get("ret");
  }

  /** Asks the client to close its connection and exit; see {@link #awaitExit}. */
  void quit() {
    if (process.isAlive()) {
      write("{\"op\":\"quit\"}");
    }
  }

  int awaitExit(int expected) throws InterruptedException {
    int code = exitCode();
    if (code != expected) {
      throw new AssertionError("the legacy client exited with " + code + ", expected " + expected
          + "; its standard error:\n" + stderr);
    }
    return code;
  }

  private int exitCode() throws InterruptedException {
    if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the legacy client did not exit within " + WAIT + "; its standard error:\n" + stderr);
    }
    return process.exitValue();
  }

  /** Whether the process is still running (a strict client dies on a frame it cannot handle). */
  boolean isAlive() {
    return process.isAlive();
  }

  String stderr() {
    return stderr.toString();
  }

  private JsonNode nextEvent(String kind) throws InterruptedException {
    JsonNode e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null || !kind.equals(e.path("event").asText())) {
      throw new AssertionError("expected a '" + kind + "' event from the legacy client within " + WAIT + ", got "
          + e + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; its standard error:\n"
          + stderr);
    }
    return e;
  }

  private synchronized void write(String line) {
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the legacy client is gone; its standard error:\n" + stderr, e);
    }
  }

  private void readEvents() {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode e = JSON.readTree(line);
        if ("result".equals(e.path("event").asText())) {
          Optional.ofNullable(results.remove(e.get("id").asInt())).ifPresent(f -> f.complete(e));
        } else {
          events.add(e);
        }
      }
    } catch (IOException e) {
      stderr.append("[reading the client's output failed: ").append(e).append("]\n");
    }
    AssertionError gone = new AssertionError("the legacy client ended before answering; its standard error:\n"
        + stderr);
    results.values().forEach(f -> f.completeExceptionally(gone));
  }

  private void drain(java.io.InputStream in) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        stderr.append(line).append('\n');
      }
    } catch (IOException e) {
      stderr.append("[reading standard error failed: ").append(e).append("]\n");
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
