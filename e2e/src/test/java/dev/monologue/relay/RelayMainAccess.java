package dev.monologue.relay;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Lets the end-to-end tests start the relay as its command line does, in-process. */
public final class RelayMainAccess {
  private RelayMainAccess() {}

  /** {@code --host 127.0.0.1 --port 0 --api-key KEY --write-rc DIR}. */
  public static LocalRelay startWritingRc(String apiKey, Path rcDirectory) throws Exception {
    RelayArguments arguments = RelayArguments.parse(new String[] {"--host", "127.0.0.1", "--port", "0",
        "--api-key", apiKey, "--write-rc", rcDirectory.toString()}, Map.of(), rcDirectory);
    return RelayMain.start(arguments, new PrintStream(OutputStream.nullOutputStream()));
  }
}
