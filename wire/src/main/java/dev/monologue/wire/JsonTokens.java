package dev.monologue.wire;

import com.fasterxml.jackson.core.JsonToken;

/** Names JSON values in the words the readers' error messages use ("an object", "a string", ...). */
final class JsonTokens {
  private JsonTokens() {}

  /** How an error message names the kind of value {@code t} starts; "missing" for none. */
  static String describe(JsonToken t) {
    if (t == null) {
      return "missing";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.toString();
    }
  }
}
