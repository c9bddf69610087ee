package dev.monologue.relay.aws;

import dev.monologue.wire.LogKeys;
import org.slf4j.MDC;

/**
 * Tags every log line one Lambda invocation (or one queue record) writes with its connection ID and route, from
 * {@link #open} to {@link #close}, whoever writes the line (the handler, the router, the {@code @connections}
 * gateway, the names table). Two ways, for two kinds of binding: the SLF4J {@link MDC} keys {@value #CONNECTION_ID}
 * and {@value #ROUTE} (for a binding with MDC, such as Logback's {@code %X{connectionId}}), and the thread's name,
 * which the Lambda jar's binding, slf4j-simple, prints on every line ({@code [main connectionId=abc= route=whoami]
 * WARN ...}) but which has no MDC (a binding with one would add a megabyte or more to a jar held within 10 MB). Lambda
 * runs one invocation at a time on one thread, so the name is the invocation's; {@link #close} puts the old one back.
 */
final class InvocationLogContext implements AutoCloseable {
  /** The MDC key of the connection a line is about: the sender of a WebSocket frame, the target of a queue record. */
  static final String CONNECTION_ID = LogKeys.CONNECTION_ID;
  /** The MDC key of the API Gateway route key ({@code $default}, {@code whoami}, ...) or {@code $queue}. */
  static final String ROUTE = "route";
  /** More than any API Gateway connection ID or route key: a queue record's target is input, bounded here. */
  private static final int MAX_VALUE_CHARS = 128;

  private final Thread thread;
  private final String previousName;

  private InvocationLogContext(Thread thread, String previousName) {
    this.thread = thread;
    this.previousName = previousName;
  }

  /** Tags the current thread's log lines with {@code connectionId} and {@code route} until {@link #close}. */
  static InvocationLogContext open(String connectionId, String route) {
    String id = printable(connectionId);
    String r = printable(route);
    Thread thread = Thread.currentThread();
    String previous = thread.getName();
    MDC.put(CONNECTION_ID, id);
    MDC.put(ROUTE, r);
    thread.setName(previous + " " + CONNECTION_ID + "=" + id + " " + ROUTE + "=" + r);
    return new InvocationLogContext(thread, previous);
  }

  @Override
  public void close() {
    MDC.remove(CONNECTION_ID);
    MDC.remove(ROUTE);
    thread.setName(previousName);
  }

  /** One log token: no line breaks or spaces a queue record's sender could slip into another line. */
  static String printable(String value) {
    if (value == null) {
      return "-";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_VALUE_CHARS));
    for (int i = 0; i < value.length() && b.length() < MAX_VALUE_CHARS; i++) {
      char c = value.charAt(i);
      b.append(c > ' ' && c < 0x7f ? c : '?');
    }
    return b.length() == 0 ? "-" : b.toString();
  }
}
