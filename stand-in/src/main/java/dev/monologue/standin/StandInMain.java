package dev.monologue.standin;

import dev.monologue.relay.RelayMain;
import dev.monologue.relay.ServeUntilShutdown;
import dev.monologue.wire.Handshake;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs an {@link AwsStandIn} from the command line until Ctrl-C, so programs can be pointed at a local imitation
 * of the AWS relay (API Gateway's limits and failures, the real Lambda handlers); {@code --help} lists the options.
 *
 * <pre>mvn -q -pl stand-in exec:java -Dexec.args="--port 8080 --api-key s3cret --write-rc"</pre>
 */
public final class StandInMain {
  static final String USAGE = String.join("\n",
      "Usage: StandInMain [options]",
      "Runs the Monologue AWS relay on this machine: the real Lambda handlers behind an API Gateway stand-in.",
      "",
      "  --port N           port to listen on, on 127.0.0.1 (default 8080; 0 picks a free one)",
      "  --api-key K        an API key clients must send in " + Handshake.API_KEY_HEADER
          + "; repeat for several (none = accept anyone)",
      "  --write-rc [DIR]   write .monologuerc (endpoint and first API key) into DIR (default: the working",
      "                     directory) so clients started there need no configuration",
      "  --dynamodb-endpoint URL",
      "                     keep names and groups in the DynamoDB API at URL (e.g. dynalite's http://127.0.0.1:PORT);",
      "                     without it the stand-in starts dynalite itself, which needs Node.js (node, npm) on PATH",
      "",
      "It serves wss:// only, as API Gateway does, with a certificate for localhost and 127.0.0.1 made at start.",
      "What clients must trust is written as " + StandInMain.CA_PEM + " (PEM, e.g. NODE_EXTRA_CA_CERTS) and",
      StandInMain.TRUST_STORE + " (PKCS#12, password " + StandInMain.TRUST_STORE_PASSWORD
          + ", for -Djavax.net.ssl.trustStore) into the",
      "--write-rc directory, or a new temporary one; the paths are printed.",
      "  --help             show this help");

  /** The file the certificate authority clients must trust is written to, in PEM. */
  static final String CA_PEM = "monologue-stand-in-ca.pem";
  /** The same certificate as a PKCS#12 trust store, for {@code -Djavax.net.ssl.trustStore}. */
  static final String TRUST_STORE = "monologue-stand-in-truststore.p12";
  /** The trust store's password: it holds only a public certificate, so this protects nothing and is no secret. */
  static final String TRUST_STORE_PASSWORD = "changeit";


  /** Said when there is neither an endpoint nor Node to start dynalite with: what is missing and how to fix it. */
  static final String NO_NAMES = "WARNING: no DynamoDB for names and groups, so claims, groups and watches are"
      + " refused with NAMES_UNAVAILABLE (calls by connection ID work). To have them, install Node.js (node and npm"
      + " on the PATH) and the stand-in starts dynalite, DynamoDB in memory, itself; or pass --dynamodb-endpoint URL.";

  /** What the command line asked for; {@code dynamoEndpoint} null: start dynalite, if Node is on the PATH. */
  record Arguments(int port, List<String> apiKeys, Path writeRcDir, URI dynamoEndpoint, boolean help) {}

  /** A running stand-in and the dynalite it started for its names table (null when it was given an endpoint). */
  record Running(AwsStandIn aws, Dynalite dynalite) implements AutoCloseable {
    @Override
    public void close() {
      try {
        aws.close();
      } finally {
        if (dynalite != null) {
          dynalite.close();
        }
      }
    }
  }

  /** Thrown for a bad command line; the message says what is wrong. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  private StandInMain() {}

  /** Starts the stand-in and blocks until the JVM shuts down; exits 2 on a bad command line. */
  public static void main(String[] args) throws InterruptedException {
    Arguments arguments;
    try {
      arguments = parse(args, Paths.get(""));
    } catch (UsageException e) {
      System.err.println("Error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (arguments.help()) {
      System.out.println(USAGE);
      return;
    }
    ServeUntilShutdown.serve(() -> start(arguments, System.out, Dynalite.nodeOnPath()), "stand-in");
  }

  static Arguments parse(String[] args, Path workingDirectory) throws UsageException {
    int port = 8080;
    Set<String> keys = new LinkedHashSet<>();
    Path rc = null;
    URI dynamo = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--port" -> {
          String value = value(args, ++i, arg);
          try {
            port = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new UsageException("--port needs a number, was '" + value + "'");
          }
          if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535, was " + port);
          }
        }
        case "--api-key" -> {
          String key = value(args, ++i, arg);
          if (key.isBlank()) {
            throw new UsageException("--api-key needs a non-empty key");
          }
          keys.add(key);
        }
        case "--dynamodb-endpoint" -> {
          String value = value(args, ++i, arg);
          try {
            dynamo = URI.create(value);
          } catch (IllegalArgumentException e) {
            throw new UsageException("--dynamodb-endpoint needs a URL such as http://127.0.0.1:8000, was '" + value
                + "'");
          }
          if (!("http".equals(dynamo.getScheme()) || "https".equals(dynamo.getScheme())) || dynamo.getHost() == null) {
            throw new UsageException("--dynamodb-endpoint needs an http(s) URL such as http://127.0.0.1:8000, was '"
                + value + "'");
          }
        }
        case "--write-rc" -> rc = i + 1 < args.length && !args[i + 1].startsWith("--")
            ? workingDirectory.resolve(args[++i]) : workingDirectory;
        default -> throw new UsageException("unknown option '" + arg + "'");
      }
    }
    return new Arguments(port, List.copyOf(keys), rc, dynamo, help);
  }

  /**
   * Starts the stand-in the arguments describe, with its names table at the given DynamoDB endpoint or, without
   * one and with {@code nodeOnPath}, in a dynalite started here; writes the rc file if asked, and says where it is.
   */
  static Running start(Arguments arguments, PrintStream out, boolean nodeOnPath) {
    Dynalite dynalite = null;
    URI dynamo = arguments.dynamoEndpoint();
    if (dynamo == null && nodeOnPath) {
      out.println("Starting dynalite (DynamoDB in memory) for names and groups...");
      dynalite = Dynalite.start();
      dynamo = dynalite.endpoint();
    }
    AwsStandIn standIn;
    try {
      AwsStandInBuilder builder = AwsStandIn.builder().port(arguments.port())
          .apiKeys(Set.copyOf(arguments.apiKeys()));
      if (dynamo != null) {
        builder.namesTable(dynamo);
      }
      standIn = builder.start();
    } catch (RuntimeException e) {
      if (dynalite != null) {
        dynalite.close();
      }
      throw e;
    }
    Running running = new Running(standIn, dynalite);
    try {
      out.println("Monologue AWS stand-in listening at " + standIn.endpoint());
      out.println("@connections management API at " + standIn.managementEndpoint());
      out.println(dynamo == null ? NO_NAMES : "Names and groups in DynamoDB at " + dynamo
          + (dynalite == null ? "" : " (dynalite, in memory: gone when the stand-in stops)"));
      if (arguments.apiKeys().isEmpty()) {
        out.println("WARNING: no API keys configured; any client can connect (API Gateway would require one).");
      }
      if (arguments.writeRcDir() != null) {
        String firstKey = arguments.apiKeys().isEmpty() ? null : arguments.apiKeys().get(0);
        Path file = RelayMain.writeRc(arguments.writeRcDir(), standIn.endpoint().toString(), firstKey);
        out.println("Wrote " + file.toAbsolutePath());
      }
      Path trustDir = arguments.writeRcDir() != null ? arguments.writeRcDir()
          : Files.createTempDirectory("monologue-stand-in");
      Path pem = standIn.tls().writeCaPem(trustDir.resolve(CA_PEM)).toAbsolutePath();
      Path store = standIn.tls().writeTrustStore(trustDir.resolve(TRUST_STORE), TRUST_STORE_PASSWORD.toCharArray())
          .toAbsolutePath();
      out.println("TLS: clients must trust the stand-in's certificate authority, written to");
      out.println("  " + pem + "  (PEM: NODE_EXTRA_CA_CERTS=" + pem + ")");
      out.println("  " + store + "  (Java: -Djavax.net.ssl.trustStore=" + store
          + " -Djavax.net.ssl.trustStorePassword=" + TRUST_STORE_PASSWORD + ")");
      out.println("Press Ctrl-C to stop.");
      return running;
    } catch (IOException e) {
      running.close();
      throw new UncheckedIOException("could not write the stand-in's trust material: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
  }

  private static String value(String[] args, int i, String option) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }
}
