package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.ConnectFailedException;
import dev.monologue.MonologueOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A connect that times out says where it stuck: in the WebSocket handshake, or waiting for the whoami reply. */
class ConnectStuckTest {
  private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: *(\\S+)", Pattern.CASE_INSENSITIVE);
  /** Seconds: a loaded machine must finish a loopback handshake within it, for the second case. */
  private static final Duration CONNECT = Duration.ofSeconds(5);

  @Test
  void aRelayThatNeverAnswersTheHandshake() throws Exception {
    assertStuck(false, "the WebSocket handshake did not complete");
  }

  @Test
  void aRelayThatOpensTheWebSocketButNeverAnswersWhoami() throws Exception {
    assertStuck(true, "whoami was sent; nothing came back");
  }

  private static void assertStuck(boolean openWebSocket, String expected) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread relay = new Thread(() -> serve(server, openWebSocket), "mute-relay");
      relay.setDaemon(true);
      relay.start();
      MonologueOptions options = MonologueOptions.builder().endpoint("ws://127.0.0.1:" + server.getLocalPort())
          .connectTimeout(CONNECT).build();
      try (MonologueClient client = (MonologueClient) new WebSocketTransportProvider().create(options)) {
        ConnectFailedException e = assertThrows(ConnectFailedException.class, client::connect);
        assertTrue(e.getMessage().contains("did not tell this machine its ID within 5000 ms"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
      }
    }
  }

  /** Accepts one connection, answers its handshake if asked to, and reads what comes without answering. */
  private static void serve(ServerSocket server, boolean openWebSocket) {
    try (Socket s = server.accept()) {
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.append((char) b);
      }
      if (openWebSocket) {
        Matcher key = KEY.matcher(head);
        if (!key.find()) {
          return;
        }
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
            (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
      while (in.read() >= 0) {
        // the whoami, and the client's close: read, never answered
      }
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      // the client gave up
    }
  }
}
