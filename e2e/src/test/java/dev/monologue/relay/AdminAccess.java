package dev.monologue.relay;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Lets the end-to-end tests run the relay with its admin port as its command line does, in-process. */
public final class AdminAccess implements AutoCloseable {
  private final RunningRelay running;

  private AdminAccess(RunningRelay running) {
    this.running = running;
  }

  /** {@code --port 0 --admin-port 0 --admin-key KEY}. */
  public static AdminAccess start(String adminKey, Path workingDirectory) throws Exception {
    RelayArguments arguments = RelayArguments.parse(new String[] {"--port", "0", "--admin-port", "0",
        "--admin-key", adminKey}, Map.of(), workingDirectory);
    return new AdminAccess(RelayMain.serve(arguments, new PrintStream(OutputStream.nullOutputStream())));
  }

  public URI endpoint() {
    return running.relay().endpoint();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI admin() {
    return running.adminAddress();
  }

  @Override
  public void close() {
    running.close();
  }
}
