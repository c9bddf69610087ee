package dev.monologue.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code nats-server} (Debian's {@code nats-server} package) on a free loopback port, for the NATS contender. The
 * bench does not install it: {@code scripts/bench.sh} does where it can.
 */
final class NatsServer implements AutoCloseable {
  private static final List<String> PLACES = List.of("/usr/sbin/nats-server", "/usr/bin/nats-server",
      "/usr/local/bin/nats-server");

  private final Process process;
  private final String url;

  private NatsServer(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Starts the server and returns once it accepts connections, or fails after {@code bound}. */
  static NatsServer start(Duration bound) throws IOException, InterruptedException {
    Path binary = binary();
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process p = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    NatsServer server = new NatsServer(p, "nats://127.0.0.1:" + port);
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return server;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          server.close();
          throw new IOException("nats-server did not accept connections on port " + port + " within " + bound
              + (p.isAlive() ? "" : " (it exited with " + p.exitValue() + ")"));
        }
        Thread.sleep(50); // polling a port that is not open yet; nothing to wait on instead
      }
    }
  }

  private static Path binary() throws IOException {
    for (String place : PLACES) {
      if (Files.isExecutable(Path.of(place))) {
        return Path.of(place);
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "nats-server");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IOException("no nats-server on this machine (apt-get install nats-server)");
  }

  String url() {
    return url;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
