package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.MonologueOptions;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * Exposes the client's own frame encoding and decoding, the very code a call goes through, so that the benchmarks in
 * {@code bench/} can measure a call's encoding and decoding without a socket or a thread in the way.
 *
 * <p>A test class: it sits beside the package-private code it exposes and reaches {@code bench/} through this
 * module's test jar, which holds it alone (transport/pom.xml). The library itself has no type for benchmarks.
 */
public final class WireCodecProbe {
  private final JsonCodec codec;
  private final FrameWriter frames;
  private final DeliveredFrames reader;

  public WireCodecProbe(ObjectMapper mapper) {
    this.codec = new JsonCodec(Objects.requireNonNull(mapper, "mapper == null"));
    this.frames = new FrameWriter(codec);
    this.reader = new DeliveredFrames(codec);
  }

  /**
   * The REQ frame a plain call sends, as {@code MonologueClient.send} writes it: its deadline is the default
   * timeout.
   */
  public String request(String to, String token, String name, Object[] args, List<Type> parameterTypes)
      throws IOException {
    return frames.request(to, token, name, args, parameterTypes, MonologueOptions.DEFAULT_TIMEOUT.toMillis());
  }

  /** The ACK frame that answers a call, as the serving client writes it. */
  public String ack(String to, String token, Object value, Type resultType) throws IOException {
    return frames.ack(to, token, value, resultType);
  }

  /**
   * A delivered frame parsed into a tree, as the client's reader thread parses a frame its streaming pass does not
   * take as it is (see {@link #reply}).
   */
  public JsonNode parse(String frame) throws IOException {
    return codec.mapper().readTree(frame);
  }

  /** The arguments of a REQ payload decoded as a skeleton's handler decodes them. */
  public Object[] arguments(JsonNode payload, List<Type> parameterTypes) {
    JsonArguments args = new JsonArguments(codec, payload.get("args"), "probe", payload.path("name").asText());
    Object[] decoded = new Object[parameterTypes.size()];
    for (int i = 0; i < decoded.length; i++) {
      decoded[i] = args.get(i, parameterTypes.get(i));
    }
    return decoded;
  }

  /** The result of an ACK payload's tree decoded as a pending call decodes it on the fallback path. */
  public Object result(JsonNode payload, Type resultType) throws IOException {
    return codec.decode(payload.get("ret"), resultType);
  }

  /**
   * The result of a delivered ACK frame from {@code from}, read as the client's reader thread reads it: one
   * streaming pass, the result decoded straight into {@code resultType} (falling back to a tree when the frame is
   * unusual, as the client does).
   */
  public Object reply(String frame, String from, Type resultType) throws IOException {
    Objects.requireNonNull(resultType, "resultType == null");
    DeliveredFrames.Incoming ack = reader.read(frame, (sender, token) -> sender.equals(from) ? resultType : null);
    if (ack == null || !"ACK".equals(ack.type())) {
      throw new IOException("not an ACK frame: " + frame);
    }
    return ack.decoded() && ack.decodedAs() == resultType ? ack.ret() : codec.decode(ack.retNode(), resultType);
  }
}
