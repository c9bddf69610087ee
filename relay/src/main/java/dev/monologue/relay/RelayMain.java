package dev.monologue.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a {@link LocalRelay} from the command line until Ctrl-C; {@code --help} lists the options.
 *
 * <pre>mvn -q -pl relay -am exec:java -Dexec.mainClass=dev.monologue.relay.RelayMain -Dexec.args="--write-rc"</pre>
 */
public final class RelayMain {
  static final String RC_FILE = ".monologuerc";
  /** The sections of an rc file the original clients read their options from: the later one, then the earlier. */
  static final List<String> RC_SECTIONS = List.of("opts", "config");

  private RelayMain() {}

  /** Starts the relay and blocks until the JVM shuts down; exits 2 on a bad command line. */
  public static void main(String[] args) throws InterruptedException {
    RelayArguments arguments;
    try {
      arguments = RelayArguments.parse(args, System.getenv(), Paths.get(""));
    } catch (RelayArguments.UsageException e) {
      System.err.println("Error: " + e.getMessage());
      System.err.println(RelayArguments.USAGE);
      System.exit(2);
      return;
    }
    if (arguments.help()) {
      System.out.println(RelayArguments.USAGE);
      return;
    }
    ServeUntilShutdown.serve(() -> start(arguments, System.out), "relay");
  }

  /** Builds and starts the relay the arguments describe, writes the rc file if asked, and says where it is. */
  static LocalRelay start(RelayArguments arguments, PrintStream out) {
    LocalRelay relay = LocalRelay.builder()
        .host(arguments.host())
        .port(arguments.port())
        .apiKeys(new LinkedHashSet<>(arguments.apiKeys()))
        .maxMessageBytes(arguments.maxMessageBytes())
        .build();
    relay.start();
    try {
      out.println("Monologue relay listening at " + relay.endpoint());
      if (arguments.apiKeys().isEmpty()) {
        out.println("WARNING: no API keys configured; any client can connect. Use --api-key or $"
            + RelayArguments.ENV_API_KEYS + " unless this machine is private.");
      }
      if (arguments.writeRcDir() != null) {
        String firstKey = arguments.apiKeys().isEmpty() ? null : arguments.apiKeys().get(0);
        Path file = writeRc(arguments.writeRcDir(), relay.endpoint().toString(), firstKey);
        out.println("Wrote " + file.toAbsolutePath());
      }
      out.println("Press Ctrl-C to stop.");
      return relay;
    } catch (RuntimeException e) {
      relay.close();
      throw e;
    }
  }

  private static void writeConnection(JsonGenerator g, String endpoint, String apiKey) throws IOException {
    g.writeStringField("endpoint", endpoint);
    if (apiKey != null) {
      g.writeStringField("apiKey", apiKey);
    }
  }

  /**
   * Writes {@code .monologuerc} into {@code dir}, readable by its owner only where the file system allows: the one
   * writer of the file, which the AWS stand-in's main uses too.
   */
  public static Path writeRc(Path dir, String endpoint, String apiKey) {
    Path file = dir.resolve(RC_FILE);
    try {
      Files.createDirectories(dir);
      StringWriter json = new StringWriter();
      try (JsonGenerator g = new JsonFactory().createGenerator(json)) {
        // Flat for the Java client, and again under "opts" and "config", the sections where the original
        // JavaScript clients (through the npm rc package) look: one file that every client reads.
        g.writeStartObject();
        writeConnection(g, endpoint, apiKey);
        for (String section : RC_SECTIONS) {
          g.writeObjectFieldStart(section);
          writeConnection(g, endpoint, apiKey);
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      // Write a private temporary file, then move it over the old one, so the key is never world-readable.
      Path tmp;
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        tmp = Files.createTempFile(dir, RC_FILE, ".tmp", PosixFilePermissions.asFileAttribute(ownerOnly));
      } else {
        tmp = Files.createTempFile(dir, RC_FILE, ".tmp");
      }
      try {
        Files.write(tmp, (json + "\n").getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
