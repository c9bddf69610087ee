package dev.monologue.e2e.faults;

import dev.monologue.relay.RelayMain;
import dev.monologue.testsupport.ChildJvm;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/** A local relay ({@link RelayMain}) in a JVM of its own, so that a test can kill it for real. */
public final class ChildRelay implements AutoCloseable {
  /** Starting a JVM on a loaded 2-core machine can take many seconds. */
  public static final Duration START = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("listening at (ws://\\S+)");

  private final ChildJvm jvm;
  private final URI endpoint;

  private ChildRelay(ChildJvm jvm, URI endpoint) {
    this.jvm = jvm;
    this.endpoint = endpoint;
  }

  /** Starts a relay on {@code port} (0 picks a free one) and waits until it listens. */
  public static ChildRelay start(int port) throws InterruptedException {
    ChildJvm jvm = ChildJvm.builder(RelayMain.class).name("relay").args("--port", String.valueOf(port)).start();
    try {
      return new ChildRelay(jvm, URI.create(jvm.awaitLine(LISTENING, START).group(1)));
    } catch (RuntimeException | Error e) {
      jvm.close();
      throw e;
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public ChildJvm jvm() {
    return jvm;
  }

  /** SIGKILL: the relay's sockets close without a close frame, as when its machine dies. */
  public void kill() {
    jvm.kill();
  }

  @Override
  public void close() {
    jvm.close();
  }
}
