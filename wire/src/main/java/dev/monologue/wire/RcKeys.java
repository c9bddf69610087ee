package dev.monologue.wire;

/**
 * The rc file ({@code .monologuerc}, JSON) as both its writers and readers know it: the client reads its connection
 * options from it, the relay and the stand-in write the first two for their clients ({@code --write-rc}) and read
 * their own settings from its {@link #RELAY_SECTION} object.
 */
public final class RcKeys {
  /** The rc file's name, looked for from the working directory upward. */
  public static final String FILE = ".monologuerc";
  /** The relay's {@code ws://} or {@code wss://} URI. */
  public static final String ENDPOINT = "endpoint";
  /** The API key a client sends in {@link Handshake#API_KEY_HEADER}. */
  public static final String API_KEY = "apiKey";
  /** The object that holds the relay's own settings. */
  public static final String RELAY_SECTION = "relay";

  private RcKeys() {}
}
