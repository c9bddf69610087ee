package dev.monologue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Type;

/** The arguments of one incoming call, decoded on demand to the type the handler asks for. */
public interface Arguments {

  /** How many arguments the caller sent. */
  int size();

  /**
   * Argument {@code index} decoded as {@code type}.
   *
   * @throws IllegalArgumentException if there is no such argument or it cannot be decoded as {@code type}; the
   *     caller then receives a {@code BAD_ARGUMENTS} failure
   */
  <T> T get(int index, Class<T> type);

  /** Argument {@code index} decoded as the generic {@code type}, such as {@code List<Person>}. */
  Object get(int index, Type type);

  /** Argument {@code index} as raw JSON. */
  JsonNode node(int index);

  /** The connection ID of the caller, as the relay reported it. */
  String caller();

  /** The wire name of the method being called. */
  String method();
}
