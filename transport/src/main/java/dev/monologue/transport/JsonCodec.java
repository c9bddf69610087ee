package dev.monologue.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes JSON trees and streamed values to declared types and finds writers for them, with readers and writers
 * cached per type.
 */
final class JsonCodec {
  private final ObjectMapper mapper;
  private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Type, ObjectWriter> writers = new ConcurrentHashMap<>();

  JsonCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** {@code node} (null or missing meaning JSON null) decoded as {@code type}. */
  Object decode(JsonNode node, Type type) throws IOException {
    if (isVoid(type)) {
      return null;
    }
    JsonNode value = node == null || node.isMissingNode() ? NullNode.getInstance() : node;
    if (type instanceof Class<?> c && JsonNode.class.isAssignableFrom(c) && c.isInstance(value)) {
      return value;
    }
    return reader(type).readValue(value);
  }

  /**
   * The value under {@code parser} decoded as {@code type}, as {@link #decode(JsonNode, Type)} decodes its tree; the
   * parser is left on the value's last token.
   */
  Object decode(JsonParser parser, Type type) throws IOException {
    if (isVoid(type)) {
      parser.skipChildren();
      return null;
    }
    if (type instanceof Class<?> c && JsonNode.class.isAssignableFrom(c)) {
      return decode((JsonNode) mapper.readTree(parser), type);
    }
    return reader(type).readValue(parser);
  }

  private ObjectReader reader(Type type) {
    return readers.computeIfAbsent(type, t -> mapper.readerFor(mapper.constructType(t)));
  }

  /** A writer for {@code type}, or null when only the runtime class can tell how to write the value. */
  ObjectWriter writer(Type type) {
    if (type == null || type == Object.class) {
      return null;
    }
    ObjectWriter writer = writers.computeIfAbsent(type, t -> {
      JavaType javaType = mapper.constructType(t);
      return javaType.isJavaLangObject() ? mapper.writer() : mapper.writerFor(javaType);
    });
    return writer;
  }

  static boolean isVoid(Type type) {
    return type == Void.class || type == void.class;
  }

  static String typeName(Type type) {
    return type == null ? "Object" : type.getTypeName();
  }
}
