package dev.monologue.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FaultProxy.Observer} that reads the WebSocket frames crossing the proxy (RFC 6455 framing, after the HTTP
 * upgrade) and keeps each frame's opcode and payload length, per direction: what was really on the wire.
 */
public final class WebSocketFrameLog implements FaultProxy.Observer {
  /** One frame as seen on the wire. */
  public record Frame(int connection, FaultProxy.Direction direction, int opcode, boolean fin, long payloadBytes) {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
  }

  private final Map<String, StreamParser> parsers = new HashMap<>();
  private final List<Frame> frames = new ArrayList<>();
  private final int maxKept;

  /** Keeps at most {@code maxKept} frames (the first ones); counting stops there, so memory stays bounded. */
  public WebSocketFrameLog(int maxKept) {
    this.maxKept = maxKept;
  }

  @Override
  public synchronized void delivered(int connection, FaultProxy.Direction direction, byte[] bytes, int offset,
      int length) {
    StreamParser parser = parsers.computeIfAbsent(connection + "/" + direction,
        k -> new StreamParser(connection, direction));
    for (int i = offset; i < offset + length; i++) {
      parser.next(bytes[i] & 0xff);
    }
  }

  /** The frames seen so far in {@code direction}. */
  public synchronized List<Frame> frames(FaultProxy.Direction direction) {
    return frames.stream().filter(f -> f.direction() == direction).toList();
  }

  private synchronized void add(Frame frame) {
    if (frames.size() < maxKept) {
      frames.add(frame);
    }
  }

  /** Reads one direction of one connection, byte by byte: the HTTP head, then frame headers and payloads. */
  private final class StreamParser {
    private final int connection;
    private final FaultProxy.Direction direction;
    private final StringBuilder head = new StringBuilder();
    private boolean inHead = true;
    private final byte[] header = new byte[14];
    private int headerRead;
    private long payloadLeft;

    StreamParser(int connection, FaultProxy.Direction direction) {
      this.connection = connection;
      this.direction = direction;
    }

    void next(int b) {
      if (inHead) {
        head.append((char) b);
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          inHead = false;
        }
        if (head.length() > 16 * 1024) {
          throw new IllegalStateException("no end of the HTTP head in 16 KB: "
              + new String(head.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        return;
      }
      if (payloadLeft > 0) {
        payloadLeft--;
        return;
      }
      header[headerRead++] = (byte) b;
      int needed = headerLength();
      if (needed < 0 || headerRead < needed) {
        return;
      }
      long length = payloadLength();
      add(new Frame(connection, direction, header[0] & 0x0f, (header[0] & 0x80) != 0, length));
      payloadLeft = length;
      headerRead = 0;
    }

    /** The length of the header being read, or -1 while its first two bytes are not in. */
    private int headerLength() {
      if (headerRead < 2) {
        return -1;
      }
      int len7 = header[1] & 0x7f;
      int mask = (header[1] & 0x80) != 0 ? 4 : 0;
      return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + mask;
    }

    private long payloadLength() {
      int len7 = header[1] & 0x7f;
      if (len7 < 126) {
        return len7;
      }
      int bytes = len7 == 126 ? 2 : 8;
      long value = 0;
      for (int i = 0; i < bytes; i++) {
        value = (value << 8) | (header[2 + i] & 0xff);
      }
      return value;
    }
  }
}
