package dev.monologue;

/**
 * Base of every failure of a remote call or of the connection to the relay. {@link #method()} and {@link #peer()}
 * say which call failed, when the failure belongs to one.
 */
public abstract class MonologueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String peer;

  /** For subclasses: {@code message} names what happened; {@code method} and {@code peer} may be null. */
  protected MonologueException(String message, String method, String peer, Throwable cause) {
    super(message, cause);
    this.method = method;
    this.peer = peer;
  }

  /** The wire name of the method called, or null when the failure is not about one call. */
  public String method() {
    return method;
  }

  /** The connection ID of the machine called, or null when the failure is not about one call. */
  public String peer() {
    return peer;
  }

  /** Formats {@code "<what> for <method> on <peer>"}, leaving out the parts that are null. */
  protected static String describe(String what, String method, String peer) {
    StringBuilder sb = new StringBuilder(what);
    if (method != null) {
      sb.append(" for ").append(method);
    }
    if (peer != null) {
      sb.append(" on ").append(peer);
    }
    return sb.toString();
  }
}
