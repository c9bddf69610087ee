package dev.monologue.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.wire.RcKeys;
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
  static final String RC_FILE = RcKeys.FILE;
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
    ServeUntilShutdown.serve(() -> serve(arguments, System.out), "relay");
  }

  /** The relay the arguments describe, not started: every {@link RelaySetting} that feeds the builder, applied. */
  static LocalRelay.Builder builder(RelayArguments a) {
    LocalRelay.Builder b = LocalRelay.builder()
        .host(a.host())
        .port(a.port())
        .apiKeys(new LinkedHashSet<>(a.apiKeys()))
        .maxMessageBytes(a.maxMessageBytes())
        .idleTimeout(a.duration(RelaySetting.IDLE_TIMEOUT))
        .maxConnectionDuration(a.duration(RelaySetting.MAX_CONNECTION_DURATION))
        .maxQueuedBytesPerConnection(a.positiveLong(RelaySetting.MAX_QUEUED_BYTES))
        .maxConnections(a.integer(RelaySetting.MAX_CONNECTIONS))
        .maxPendingHandshakes(a.integer(RelaySetting.MAX_PENDING_HANDSHAKES))
        .handshakeTimeout(a.duration(RelaySetting.HANDSHAKE_TIMEOUT))
        .newConnectionRateLimit(a.integer(RelaySetting.NEW_CONNECTION_RATE))
        .maxBufferedBytes(a.positiveLong(RelaySetting.MAX_BUFFERED_BYTES))
        .ioThreads(a.integer(RelaySetting.IO_THREADS))
        .nameLease(a.duration(RelaySetting.NAME_LEASE));
    Path policy = a.path(RelaySetting.POLICY);
    if (policy != null) {
      b.policy(policyFrom(policy));
    }
    if (a.messageRate() > 0) {
      b.messageRateLimit(a.messageRate(), a.messageBurst());
    }
    if (a.tlsCert() != null) {
      b.tls(TlsFiles.fromPem(a.tlsCert(), a.tlsKey()));
    } else if (a.tlsPkcs12() != null) {
      b.tls(TlsFiles.fromPkcs12(a.tlsPkcs12(), a.secret(RelaySetting.TLS_PASSWORD)));
    }
    return b;
  }

  private static RelayPolicy policyFrom(Path file) {
    try {
      return RelayPolicy.parse(Files.readString(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--policy " + file + ": " + e.getMessage(), e);
    }
  }

  /** Starts the relay and its admin port (when asked for), as {@link #main} does. */
  static RunningRelay serve(RelayArguments arguments, PrintStream out) {
    LocalRelay relay = start(arguments, out);
    Integer adminPort = arguments.adminPort();
    if (adminPort == null) {
      return new RunningRelay(relay, null, arguments.duration(RelaySetting.DRAIN_TIME));
    }
    try {
      AdminServer admin = new AdminServer(relay, arguments.host(RelaySetting.ADMIN_HOST), adminPort,
          arguments.secret(RelaySetting.ADMIN_KEY));
      out.println("Admin: " + admin.address() + AdminServer.HEALTH + ", " + admin.address() + AdminServer.METRICS
          + (arguments.secret(RelaySetting.ADMIN_KEY) == null ? " (no status page without --admin-key)"
          : ", " + admin.address() + AdminServer.STATUS));
      return new RunningRelay(relay, admin, arguments.duration(RelaySetting.DRAIN_TIME));
    } catch (RuntimeException e) {
      relay.close();
      throw e;
    }
  }

  /** Builds and starts the relay the arguments describe, writes the rc file if asked, and says where it is. */
  static LocalRelay start(RelayArguments arguments, PrintStream out) {
    LocalRelay relay = builder(arguments).build();
    relay.start();
    try {
      out.println("Monologue relay listening at " + relay.endpoint());
      String clear = RelayAddress.cleartextKeysWarning(arguments.host(), !arguments.apiKeys().isEmpty(),
          relay.endpoint().getScheme().equals("wss"));
      if (clear != null) {
        out.println("WARNING: " + clear);
      }
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

  /** Keeps the relay's own settings ({@link RelayArguments#RC_SECTION}) of the file being replaced. */
  private static void copyRelaySection(Path file, JsonGenerator g) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (!text.stripLeading().startsWith("{")) {
      return;
    }
    try (JsonParser p = new JsonFactory().createParser(text)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals(RelayArguments.RC_SECTION)) {
          g.writeFieldName(field);
          g.copyCurrentStructure(p);
          return;
        }
        p.skipChildren();
      }
    } catch (JsonProcessingException e) {
      // a broken file is replaced whole, as before
    }
  }

  private static void writeConnection(JsonGenerator g, String endpoint, String apiKey) throws IOException {
    g.writeStringField(RcKeys.ENDPOINT, endpoint);
    if (apiKey != null) {
      g.writeStringField(RcKeys.API_KEY, apiKey);
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
        copyRelaySection(file, g);
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
