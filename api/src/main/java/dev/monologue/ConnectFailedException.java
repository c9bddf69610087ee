package dev.monologue;

import java.net.URI;

/** The relay could not be reached, refused the handshake (a wrong or missing API key), or did not say who we are. */
public final class ConnectFailedException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final URI endpoint;

  /** Connecting to {@code endpoint} failed for {@code reason}, caused by {@code cause} (or null). */
  public ConnectFailedException(URI endpoint, String reason, Throwable cause) {
    super("Could not connect to the relay at " + endpoint + ": " + reason, null, null, cause);
    this.endpoint = endpoint;
  }

  /** The relay endpoint the client tried. */
  public URI endpoint() {
    return endpoint;
  }
}
