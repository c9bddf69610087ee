package dev.monologue.transport;

import static dev.monologue.testsupport.Awaits.await;
import static dev.monologue.transport.FaultHarness.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.ConnectFailedException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.standin.TlsIdentity;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client over {@code wss://}: it trusts a private certificate authority given in its options, refuses a
 * certificate issued for another host with an exception that says so, and stays correct when many threads write
 * to the same TLS socket at once.
 */
class TlsTest {
  private final FaultHarness harness = new FaultHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  private LocalRelay relay(TlsIdentity identity) {
    LocalRelay relay = LocalRelay.builder().tls(identity.serverContext()).build();
    relay.start();
    return harness.add(relay);
  }

  @Test
  void aCertificateForAnotherHostIsRefusedSayingSo() {
    TlsIdentity other = TlsIdentity.generate("other.example");
    LocalRelay relay = relay(other);
    MonologueClient client = harness.client(options(relay.endpoint()).sslContext(other.clientContext()));
    ConnectFailedException e = assertThrows(ConnectFailedException.class, client::connect);
    assertTrue(e.getMessage().contains("TLS certificate does not match the host name"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    assertTrue(causes(e, SSLHandshakeException.class), "caused by the TLS handshake's failure: " + e);
  }

  @Test
  void aCertificateFromAnUntrustedAuthorityIsRefusedSayingSo() {
    LocalRelay relay = relay(TlsIdentity.generate("localhost", "127.0.0.1"));
    MonologueClient client = harness.client(options(relay.endpoint())); // the JVM's default trust store
    ConnectFailedException e = assertThrows(ConnectFailedException.class, client::connect);
    assertTrue(e.getMessage().contains("TLS certificate is not trusted"), e.getMessage());
    assertTrue(e.getMessage().contains("MonologueOptions.sslContext"), e.getMessage());
  }

  @Test
  void theCertificatesHostsAreAcceptedByNameAndByAddress() throws Exception {
    TlsIdentity identity = TlsIdentity.generate("localhost", "127.0.0.1");
    LocalRelay relay = relay(identity);
    URI byName = URI.create("wss://localhost:" + relay.port());
    for (URI endpoint : List.of(relay.endpoint(), byName)) {
      MonologueClient server = harness.connected(options(endpoint).sslContext(identity.clientContext()));
      server.on("echo", args -> args.get(0, String.class));
      MonologueClient caller = harness.connected(options(endpoint).sslContext(identity.clientContext()));
      assertEquals("hi", await(caller.call(server.id(), "echo", String.class, "hi")));
    }
  }

  /**
   * Callers write their frames straight to the TLS socket's stream from their own threads while Java-WebSocket's
   * writer thread writes queued ones (the callee's handler threads use both): every whole-array write must come out
   * as whole TLS records, never interleaved with another's. 8 threads x 1500 calls with distinct arguments of varied
   * sizes, some over 32 KB (fragmented); every reply must be its own request's.
   */
  @Test
  void concurrentCallsOverTlsEachGetTheirOwnReply() throws Exception {
    TlsIdentity identity = TlsIdentity.generate("localhost", "127.0.0.1");
    LocalRelay relay = relay(identity);
    MonologueClient server = harness.connected(options(relay.endpoint()).sslContext(identity.clientContext()));
    server.on("echo", args -> args.get(0, String.class));
    MonologueClient caller = harness.connected(options(relay.endpoint()).sslContext(identity.clientContext()));
    String serverId = server.id();
    int threads = 8;
    int calls = 1500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          int matched = 0;
          for (int i = 0; i < calls; i++) {
            String arg = argument(thread, i);
            String reply = caller.call(serverId, "echo", String.class, arg).get(30, TimeUnit.SECONDS);
            if (!arg.equals(reply)) {
              throw new AssertionError("thread " + thread + " call " + i + " got another reply: "
                  + reply.substring(0, Math.min(60, reply.length())));
            }
            matched++;
          }
          return matched;
        }));
      }
      int matched = 0;
      for (Future<Integer> f : done) {
        matched += f.get(5, TimeUnit.MINUTES);
      }
      assertEquals(threads * calls, matched);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Distinct for each thread and call; mostly small, every 50th over 32 KB, so sent as several frames. */
  private static String argument(int thread, int i) {
    int size = i % 50 == 0 ? 33_000 + 97 * (i % 300) : (i * 37 + thread * 11) % 3000;
    StringBuilder sb = new StringBuilder(size + 16).append(thread).append(':').append(i).append(':');
    char c = (char) ('a' + (thread * 7 + i) % 26);
    for (int k = 0; k < size; k++) {
      sb.append(k % 61 == 0 ? 'é' : c);
    }
    return sb.toString();
  }

  private static boolean causes(Throwable t, Class<? extends Throwable> type) {
    for (; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
