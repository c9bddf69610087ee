package dev.monologue.e2e.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.standin.TlsIdentity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Run a relay, call it from a shell", as a newcomer runs it after {@code mvn package}: the runnable relay
 * jar with TLS from PEM files and {@code --write-rc}, then {@code scripts/monologue} in the same directory, which
 * finds the relay through the {@code .monologuerc} just written and trusts its private CA through {@code JAVA_OPTS}.
 */
class ShellQuickStartIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String API_KEY = "s3cret";
  private static final String TRUST_PASSWORD = "changeit";

  @TempDir
  Path dir;

  @Test
  void theRelayJarAndTheMonologueScriptWorkAsReadmeShows() throws Exception {
    Path relayJar = Path.of(System.getProperty("monologue.relayJar"));
    Path root = Path.of(System.getProperty("monologue.root"));
    Path script = root.resolve("scripts/monologue");
    assertTrue(Files.isRegularFile(relayJar), relayJar + " was not built: mvn package -pl relay");
    assertTrue(Files.isRegularFile(script), script + " is missing");

    TlsIdentity tls = TlsIdentity.generate("localhost");
    tls.writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    Path trustStore = tls.writeTrustStore(dir.resolve("ca.p12"), TRUST_PASSWORD.toCharArray());

    Process relay = new ProcessBuilder(java(), "-jar", relayJar.toString(), "--host", "localhost", "--port", "0",
        "--api-key", API_KEY, "--tls-cert", "cert.pem", "--tls-key", "key.pem", "--admin-port", "0", "--write-rc")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      BufferedReader relayOut =
          new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
      List<String> said = readUntilReady(relayOut);
      drain(relayOut);
      URI endpoint = endpointIn(said);
      assertEquals("wss://localhost", endpoint.getScheme() + "://" + endpoint.getHost(), String.join("\n", said));
      assertTrue(Files.isRegularFile(dir.resolve(".monologuerc")), "--write-rc wrote no .monologuerc: " + said);
      assertFalse(String.join("\n", said).contains(API_KEY), "the API key is never printed");

      try (Monologue billing = Monologue.create(MonologueOptions.builder().endpoint(endpoint).apiKey(API_KEY)
          .sslContext(tls.clientContext()).names("billing").ownerSecret("billing-owner-secret").timeout(WAIT)
          .build())) {
        billing.on("Ledger.total", args -> "total for " + args.get(0, String.class));
        String billingId = billing.connect();

        Run call = monologue(root, trustStore, "call", "billing", "Ledger.total", "\"2026-12\"");
        assertEquals(0, call.exit(), call.toString());
        assertEquals(List.of("\"total for 2026-12\""), call.stdout(), call.toString());

        Run whoami = monologue(root, trustStore, "whoami");
        assertEquals(0, whoami.exit(), whoami.toString());
        assertEquals(1, whoami.stdout().size(), whoami.toString());
        String id = whoami.stdout().get(0);
        assertTrue(id.matches("\\S+"), "a connection ID: " + whoami);
        assertFalse(id.equals(billingId), "whoami prints its own connection's ID, not the callee's: " + whoami);
      }
    } finally {
      relay.destroy();
      if (!relay.waitFor(30, TimeUnit.SECONDS)) {
        relay.destroyForcibly();
      }
    }
  }

  /** The relay's lines up to "Press Ctrl-C to stop.", each read within {@link #WAIT}. */
  private static List<String> readUntilReady(BufferedReader out) throws Exception {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(line, "the relay ended before it was ready: " + lines);
      lines.add(line);
      if (line.equals("Press Ctrl-C to stop.")) {
        return lines;
      }
    }
  }

  /** Reads the rest of the relay's output, so that its logging never fills the pipe and blocks it. */
  private static void drain(BufferedReader out) {
    Thread reader = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // discarded: the test asserts on what the relay said before it was ready
        }
      } catch (IOException e) {
        // the relay's output closed as it was stopped
      }
    }, "relay-output");
    reader.setDaemon(true);
    reader.start();
  }

  private static URI endpointIn(List<String> lines) {
    String prefix = "Monologue relay listening at ";
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> URI.create(l.substring(prefix.length())))
        .orElseThrow(() -> new AssertionError("the relay did not say where it listens: " + lines));
  }

  /** {@code bash scripts/monologue ARGS} in the relay's directory, trusting the CA in {@code trustStore} through JAVA_OPTS. */
  private Run monologue(Path root, Path trustStore, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/monologue").toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(dir, "stdout", ".txt");
    Path stderr = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Map<String, String> env = pb.environment();
    // Nothing but the .monologuerc in this directory says where the relay is.
    env.keySet().removeIf(k -> k.toUpperCase(java.util.Locale.ROOT).startsWith("MONOLOGUE_"));
    env.put("PATH", Path.of(java()).getParent() + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
    env.put("JAVA_OPTS", "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword="
        + TRUST_PASSWORD + " -Duser.home=" + dir);
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "monologue " + String.join(" ", args)
          + " did not end within " + WAIT);
      return new Run(p.exitValue(), Files.readAllLines(stdout), Files.readAllLines(stderr));
    } finally {
      p.destroyForcibly();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private record Run(int exit, List<String> stdout, List<String> stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);
    }
  }
}
