package dev.monologue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Socket.IO contender: a Socket.IO 4 relay, callee and callers on Node, each in its own process, the callers
 * driven from here so that they run in the same rounds as the JVM contenders. The packages are pinned in
 * {@code bench/socketio/package-lock.json} and installed there with {@code npm ci} on first use.
 */
final class SocketIoPeer implements Contender {
  private static final Duration START_BOUND = Duration.ofSeconds(30);

  private final StartedParts parts;
  private final ChildProcess callers;

  private SocketIoPeer(StartedParts parts, ChildProcess callers) {
    this.parts = parts;
    this.callers = callers;
  }

  /** Starts the three processes with {@code connections} caller connections open. */
  static SocketIoPeer start(Path directory, int connections) throws Exception {
    install(directory);
    StartedParts parts = new StartedParts();
    try {
      ChildProcess relay = parts.add(node("socket.io relay", directory, "relay.js"));
      String url = relay.expect("endpoint", START_BOUND)[1];
      ChildProcess callee = parts.add(node("socket.io callee", directory, "callee.js", url));
      String id = callee.expect("callee", START_BOUND)[1];
      ChildProcess callers = parts.add(node("socket.io callers", directory, "callers.js", url, id));
      callers.send("open " + connections);
      callers.expect("opened", START_BOUND);
      return new SocketIoPeer(parts, callers);
    } catch (Exception | Error e) {
      parts.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "socket.io";
  }

  @Override
  public Latency.Result latency(int calls) throws InterruptedException {
    callers.send("latency " + calls);
    String[] a = callers.expect("latency", Bench.CALL_BOUND.multipliedBy(calls).plus(START_BOUND));
    return new Latency.Result(Double.parseDouble(a[1]) / 1e3, Double.parseDouble(a[2]) / 1e3,
        Double.parseDouble(a[3]) / 1e3, Integer.parseInt(a[4]));
  }

  @Override
  public Throughput.Result throughput(int callers, int inFlight, Duration window) throws InterruptedException {
    this.callers.send("throughput " + callers + " " + inFlight + " " + window.toMillis());
    String[] a = this.callers.expect("throughput", window.plus(Bench.CALL_BOUND.multipliedBy(2)).plus(START_BOUND));
    String first = String.join(" ", List.of(a).subList(3, a.length));
    return new Throughput.Result(Double.parseDouble(a[1]), Long.parseLong(a[2]), first.equals("-") ? null : first);
  }

  @Override
  public void close() {
    parts.close();
  }

  private static ChildProcess node(String name, Path directory, String script, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    return ChildProcess.start(name, command, directory);
  }

  /** {@code npm ci} from the committed lock file, unless the pinned packages are already there. */
  private static void install(Path directory) throws IOException, InterruptedException {
    if (Files.isDirectory(directory.resolve("node_modules/socket.io"))
        && Files.isDirectory(directory.resolve("node_modules/socket.io-client"))) {
      return;
    }
    System.out.println("[socket.io] npm ci in " + directory);
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(directory.toFile())
        .inheritIO().start();
    if (!npm.waitFor(5, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm ci in " + directory + " took over 5 minutes");
    }
    if (npm.exitValue() != 0) {
      throw new IllegalStateException("npm ci in " + directory + " failed with exit code " + npm.exitValue());
    }
  }
}
