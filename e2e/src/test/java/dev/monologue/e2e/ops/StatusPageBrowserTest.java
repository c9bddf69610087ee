package dev.monologue.e2e.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.relay.AdminAccess;
import dev.monologue.testsupport.TestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's status page in a real browser (Debian's chromium, driven by playwright-core from
 * {@code src/test/node/status-page}): while calls cross the relay, the page shows machines arriving with their names
 * and groups, the message rate and the error count going up, and machines leaving.
 */
class StatusPageBrowserTest {
  private static final Path SCRIPT_DIR = Path.of("src", "test", "node", "status-page").toAbsolutePath();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** Starting chromium on a loaded machine takes a while; each page condition has its own 15 s in the script. */
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration ANSWER = Duration.ofSeconds(30);
  private static final String ADMIN_KEY = "status-page-key";

  @TempDir
  Path dir;

  @Test
  void thePageShowsMachinesArrivingCallsFlowingErrorsAndMachinesLeaving() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install -y chromium (.ci/run does)");
    try (AdminAccess relay = AdminAccess.start(ADMIN_KEY, dir);
        Browser page = Browser.open(relay.admin().resolve("/status#key=" + ADMIN_KEY).toString())) {
      try (TestClient a = TestClient.connect(relay.endpoint())) {
        String idA = a.id();
        a.send("{\"action\":\"claim\",\"name\":\"alpha\",\"payload\":{\"type\":\"RES\"}}");
        assertTrue(a.next().contains("\"name\":\"alpha\""));
        a.send("{\"action\":\"join\",\"group\":\"workers\",\"payload\":{\"type\":\"RES\"}}");
        assertTrue(a.next().contains("\"group\":\"workers\""));
        page.expect("machine " + idA + " alpha workers");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong delivered = new AtomicLong();
        CompletableFuture<Void> calls;
        String idB;
        try (TestClient b = TestClient.connect(relay.endpoint())) {
          idB = b.id();
          page.expect("machine-any " + idB);
          String to = idB;
          // One message in flight at a time, A to B, each waited for: a steady flow with no sleeping.
          calls = CompletableFuture.runAsync(() -> {
            try {
              while (!stop.get()) {
                a.send("{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"type\":\"RES\",\"n\":"
                    + delivered.get() + "}}");
                b.next();
                delivered.incrementAndGet();
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
          page.expect("rate-above 0");
          long seen = delivered.get();
          page.expect("received-above " + (seen + 2));
          a.send("{\"action\":\"no-such-action\",\"payload\":{\"type\":\"RES\"}}");
          page.expect("errors-above 0");
          stop.set(true);
          calls.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        }
        page.expect("gone " + idB);
        page.expect("machine " + idA + " alpha workers");
        assertTrue(delivered.get() > 0);
      }
    }
  }

  /** The Node script with chromium, answering one command at a time. */
  private static final class Browser implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private Browser(Process process) {
      this.process = process;
      this.stdin = process.getOutputStream();
      daemon(() -> read(process.getInputStream(), line -> lines.add(line)), "status-page-stdout");
      daemon(() -> read(process.getErrorStream(), line -> stderr.append(line).append('\n')), "status-page-stderr");
    }

    static Browser open(String url) throws IOException, InterruptedException {
      Process p = new ProcessBuilder("node", "status-page.js", url).directory(SCRIPT_DIR.toFile()).start();
      Browser b = new Browser(p);
      String first = b.lines.poll(START.toMillis(), TimeUnit.MILLISECONDS);
      if (!"ready".equals(first)) {
        b.close();
        throw new AssertionError("the status page did not show data within " + START + ": " + first
            + "; stderr: " + b.stderr);
      }
      return b;
    }

    /** Asks the page for {@code command} and waits for its answer. */
    void expect(String command) throws IOException, InterruptedException {
      stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      String answer = lines.poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals("ok " + command, answer, "stderr: " + stderr);
    }

    @Override
    public void close() throws InterruptedException {
      try {
        stdin.write("quit\n".getBytes(StandardCharsets.UTF_8));
        stdin.close();
      } catch (IOException e) {
        // the script already ended
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }

    private static void read(java.io.InputStream in, java.util.function.Consumer<String> sink) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    private static void daemon(Runnable r, String name) {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
    }
  }
}
