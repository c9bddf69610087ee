package dev.monologue.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.RemoteInvoker;
import dev.monologue.runtime.ServiceSkeleton;
import dev.monologue.transport.WireCodecProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link RemoteInvoker} that runs a whole call in the calling thread, through the client's own codec: writes the
 * REQ frame, parses it as the serving side does, decodes the arguments with the served method's types, dispatches
 * to {@code skeleton}, writes the ACK, parses it and decodes the result with the caller's type. What a stub and a
 * skeleton cost apart from sockets and threads.
 */
final class LoopInvoker implements RemoteInvoker {
  static final String PEER = "Q2FsbGVyQ29ubmVjdGlvbg";
  static final String TOKEN = "dG9rZW4tb2YtMTI4LWJpdHM";

  private final WireCodecProbe codec;
  private final ServiceSkeleton skeleton;
  private final Map<String, MethodDescriptor> served = new HashMap<>();

  LoopInvoker(WireCodecProbe codec, ServiceSkeleton skeleton) {
    this.codec = codec;
    this.skeleton = skeleton;
    for (MethodDescriptor m : skeleton.descriptor().methods()) {
      served.put(m.wireName(), m);
    }
  }

  @Override
  public Object invoke(MethodDescriptor method, Object[] args) {
    try {
      String request = codec.request(PEER, TOKEN, method.wireName(), args, method.parameterTypes());
      JsonNode payload = codec.parse(request).get("payload");
      String name = payload.get("name").textValue();
      MethodDescriptor target = served.get(name);
      Object result = skeleton.dispatch(name, codec.arguments(payload, target.parameterTypes()));
      String ack = codec.ack(PEER, payload.get("token").textValue(), result, target.resultType());
      return codec.result(codec.parse(ack).get("payload"), method.resultType());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
