package dev.monologue.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one hand-written RFC 6455 codec the test suites share, for raw clients and hostile relays that must write
 * bytes no library would: frames with any first byte (FIN, RSV, opcode), masked as a client's or plain as a
 * server's, read back whole; the upgrade request and response. Deliberately simple and independent of the codecs
 * under test.
 */
public final class Rfc6455 {
  /** The sample key of RFC 6455, section 1.3; the upgrade request sends it. */
  public static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  /** A handshake's head is small; a peer that sends more is not speaking HTTP. */
  private static final int MAX_HEAD = 16 * 1024;

  public static final int FIN = 0x80;
  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private Rfc6455() {}

  /** One frame read back: its first byte (FIN, RSV, opcode) and its payload, unmasked. */
  public record Frame(int firstByte, byte[] payload) {
    public int opcode() {
      return firstByte & 0x0f;
    }

    public boolean fin() {
      return (firstByte & FIN) != 0;
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** A close frame's status code; 1005 (none given) when its payload holds none. */
    public int closeCode() {
      return payload.length < 2 ? 1005 : (payload[0] & 0xff) << 8 | (payload[1] & 0xff);
    }
  }

  /** A frame as a client sends it: masked with a random key. */
  public static byte[] clientFrame(int firstByte, byte[] payload) {
    byte[] key = new byte[4];
    ThreadLocalRandom.current().nextBytes(key);
    return frame(firstByte, payload, key);
  }

  /** A frame as a client sends it, masked with the 4 bytes of {@code key}: for tests that compare bytes. */
  public static byte[] clientFrame(int firstByte, byte[] payload, byte[] key) {
    if (key.length != 4) {
      throw new IllegalArgumentException("a masking key has 4 bytes, not " + key.length);
    }
    return frame(firstByte, payload, key.clone());
  }

  /** A frame as a server sends it: not masked. */
  public static byte[] serverFrame(int firstByte, byte[] payload) {
    return frame(firstByte, payload, null);
  }

  /** A close frame's payload: the status code, big-endian. */
  public static byte[] closePayload(int code) {
    return new byte[] {(byte) (code >>> 8), (byte) code};
  }

  private static byte[] frame(int firstByte, byte[] payload, byte[] key) {
    int mask = key == null ? 0 : 0x80;
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(firstByte);
    if (payload.length < 126) {
      frame.write(mask | payload.length);
    } else if (payload.length < 65536) {
      frame.write(mask | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(mask | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    if (key == null) {
      frame.writeBytes(payload);
    } else {
      frame.write(key, 0, 4);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ key[i & 3]);
      }
    }
    return frame.toByteArray();
  }

  /** Reads one whole frame, masked or not. */
  public static Frame readFrame(InputStream stream) throws IOException {
    DataInputStream in = stream instanceof DataInputStream d ? d : new DataInputStream(stream);
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IOException("a frame of " + length + " bytes");
    }
    byte[] key = null;
    if ((second & 0x80) != 0) {
      key = new byte[4];
      in.readFully(key);
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    if (key != null) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= key[i & 3];
      }
    }
    return new Frame(first, payload);
  }

  /** The upgrade request a client sends to {@code hostAndPort} for path {@code /}, with {@link #SAMPLE_KEY}. */
  public static byte[] upgradeRequest(String hostAndPort) {
    return ("GET / HTTP/1.1\r\nHost: " + hostAndPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + SAMPLE_KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The 101 response to a request that sent {@code key}. */
  public static byte[] upgradeResponse(String key) {
    return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code Sec-WebSocket-Accept} for {@code key} (RFC 6455, section 4.2.2). */
  public static String acceptKey(String key) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /** Reads an HTTP head up to and including its blank line, byte by byte (nothing after it is consumed). */
  public static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || head.charAt(head.length() - 1) != '\n'
        || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection ended in the handshake, after: " + head);
      }
      if (head.length() >= MAX_HEAD) {
        throw new IOException("no end of the handshake's head within " + MAX_HEAD + " bytes");
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
