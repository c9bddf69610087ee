package dev.monologue.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.Arguments;
import java.lang.reflect.Type;
import java.util.Objects;

/** {@link Arguments} over the JSON {@code args} array of one request; decodes each argument when asked. */
final class JsonArguments implements Arguments {
  private final JsonCodec codec;
  private final JsonNode args;
  private final String caller;
  private final String method;

  /** {@code args} is the array as received, or null when the request carried none. */
  JsonArguments(JsonCodec codec, JsonNode args, String caller, String method) {
    this.codec = codec;
    this.args = args;
    this.caller = caller;
    this.method = method;
  }

  @Override
  public int size() {
    return args == null ? 0 : args.size();
  }

  @Override
  public <T> T get(int index, Class<T> type) {
    Objects.requireNonNull(type, "type == null");
    Object value = get(index, (Type) type);
    // Jackson hands back boxes for primitive classes; Class.cast would refuse them.
    @SuppressWarnings("unchecked")
    T result = (T) value;
    return result;
  }

  @Override
  public Object get(int index, Type type) {
    Objects.requireNonNull(type, "type == null");
    JsonNode node = node(index);
    try {
      return codec.decode(node, type);
    } catch (Exception e) {
      throw new BadArgumentsException("argument " + index + " of " + method + " could not be decoded as "
          + JsonCodec.typeName(type) + ": " + firstLine(e.getMessage()), e);
    }
  }

  @Override
  public JsonNode node(int index) {
    if (index < 0 || index >= size()) {
      throw new BadArgumentsException(method + " has no argument " + index + ": the caller sent " + size()
          + (size() == 1 ? " argument" : " arguments"), null);
    }
    return args.get(index);
  }

  @Override
  public String caller() {
    return caller;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String toString() {
    return "Arguments{method=" + method + ", caller=" + caller + ", args=" + args + "}";
  }

  // Jackson appends source locations on later lines; the first line is what a caller can act on.
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
