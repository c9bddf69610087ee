package dev.monologue.opentelemetry;

/**
 * A wire name read as the RPC semantic conventions name a call: {@code Greeter.greet} is service {@code Greeter},
 * method {@code greet}, span {@code Greeter/greet}; a name without a dot ({@code count}, a string-named method) has
 * no service, and its span is named after the method alone.
 */
record RpcNames(String service, String method) {
  static RpcNames of(String wireName) {
    int dot = wireName.lastIndexOf('.');
    if (dot <= 0 || dot == wireName.length() - 1) {
      return new RpcNames(null, wireName);
    }
    return new RpcNames(wireName.substring(0, dot), wireName.substring(dot + 1));
  }

  String spanName() {
    return service == null ? method : service + "/" + method;
  }
}
