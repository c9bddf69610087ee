package dev.monologue.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The same {@code greet} call written by hand with Jackson, as a careful programmer would without Monologue: cached
 * readers and writers for the two records, streaming writes, a tree for the envelope. The bar for the generated
 * stub.
 */
final class HandWrittenGreeter {
  private static final String NAME = "Greeter.greet";

  private final ObjectMapper mapper;
  private final ObjectWriter personWriter;
  private final ObjectReader personReader;
  private final ObjectWriter greetingWriter;
  private final ObjectReader greetingReader;
  private final GreeterService implementation;

  HandWrittenGreeter(ObjectMapper mapper, GreeterService implementation) {
    this.mapper = mapper;
    this.personWriter = mapper.writerFor(Person.class);
    this.personReader = mapper.readerFor(Person.class);
    this.greetingWriter = mapper.writerFor(Greeting.class);
    this.greetingReader = mapper.readerFor(Greeting.class);
    this.implementation = implementation;
  }

  Greeting greet(Person person) throws IOException {
    // caller: the request
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      start(g, "REQ", LoopInvoker.TOKEN);
      g.writeStringField("name", NAME);
      g.writeArrayFieldStart("args");
      personWriter.writeValue(g, person);
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    // server: decode, call, reply
    JsonNode payload = mapper.readTree(out.toString()).get("payload");
    if (!NAME.equals(payload.get("name").textValue())) {
      throw new IllegalStateException("unexpected method");
    }
    Greeting result = implementation.greet(personReader.readValue(payload.get("args").get(0)));
    StringWriter ack = new StringWriter(96);
    try (JsonGenerator g = mapper.getFactory().createGenerator(ack)) {
      start(g, "ACK", payload.get("token").textValue());
      g.writeFieldName("ret");
      greetingWriter.writeValue(g, result);
      g.writeEndObject();
      g.writeEndObject();
    }
    // caller: the reply
    return greetingReader.readValue(mapper.readTree(ack.toString()).get("payload").get("ret"));
  }

  private static void start(JsonGenerator g, String type, String token) throws IOException {
    g.writeStartObject();
    g.writeStringField("action", "sendmessage");
    g.writeStringField("to", LoopInvoker.PEER);
    g.writeObjectFieldStart("payload");
    g.writeStringField("type", type);
    g.writeStringField("token", token);
  }
}
