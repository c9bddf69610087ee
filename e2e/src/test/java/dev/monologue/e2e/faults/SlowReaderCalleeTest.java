package dev.monologue.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.PeerBusyException;
import dev.monologue.relay.LocalRelay;
import dev.monologue.testsupport.Awaits;
import dev.monologue.testsupport.Rfc6455;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A callee that stops reading: the relay does not disconnect it for its callers' traffic, and a caller that outruns
 * it gets {@link PeerBusyException}, naming the method and the callee, at once rather than at its timeout.
 */
class SlowReaderCalleeTest {
  @Test
  void aCallerThatOutrunsACalleeWhichStoppedReadingGetsPeerBusy() throws Exception {
    try (LocalRelay relay = LocalRelay.builder().maxQueuedBytesPerConnection(64 * 1024).build()) {
      relay.start();
      try (StalledCallee callee = StalledCallee.connect(relay.endpoint());
          Monologue caller = Monologue.create(MonologueOptions.builder().endpoint(relay.endpoint())
              .timeout(Duration.ofSeconds(120)).connectTimeout(Awaits.WAIT).build())) {
        caller.connect();
        String big = "x".repeat(16 * 1024);
        PeerBusyException busy = null;
        // 4000 x 16 KB is 64 MB: far more than the kernel buffers between the relay and the callee absorb.
        for (int i = 0; i < 4000 && busy == null; i++) {
          CompletableFuture<String> call = caller.call(callee.id, "store", String.class, big);
          busy = i % 16 == 0 ? busyWithin(call, Duration.ofMillis(50)) : busyWithin(call, Duration.ZERO);
        }
        assertNotNull(busy, "no call was refused although the callee reads nothing");
        assertEquals("store", busy.method());
        assertEquals(callee.id, busy.peer());
        assertTrue(busy.getMessage().contains("less often or retry later"), busy.getMessage());
        assertEquals(2, relay.connectionCount(), "the callee was disconnected");
      }
    }
  }

  /** The call's PeerBusyException if it failed with one within {@code wait}, else null. */
  private static PeerBusyException busyWithin(CompletableFuture<String> call, Duration wait) throws Exception {
    try {
      if (wait.isZero()) {
        call.getNow(null);
      } else {
        call.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      }
      return null;
    } catch (TimeoutException pending) {
      return null;
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof PeerBusyException b) {
        return b;
      }
      throw e;
    }
  }

  /** A WebSocket client over a bare socket that learns its ID and then reads nothing more. */
  private static final class StalledCallee implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    final String id;
    private final Socket socket;

    private StalledCallee(Socket socket, String id) {
      this.socket = socket;
      this.id = id;
    }

    static StalledCallee connect(URI endpoint) throws IOException {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096); // before connect, so the TCP window is small
      s.setSoTimeout((int) Awaits.WAIT.toMillis());
      s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), (int) Awaits.WAIT.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(Rfc6455.upgradeRequest(endpoint.getHost() + ":" + endpoint.getPort()));
      DataInputStream in = new DataInputStream(s.getInputStream());
      String head = Rfc6455.readHead(in);
      if (!head.startsWith("HTTP/1.1 101")) {
        throw new IOException("the relay refused the handshake: " + head);
      }
      out.write(Rfc6455.clientFrame(Rfc6455.FIN | Rfc6455.TEXT,
          "{\"action\":\"whoami\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8)));
      byte[] payload = Rfc6455.readFrame(in).payload();
      return new StalledCallee(s, MAPPER.readTree(payload).get("to").asText());
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
