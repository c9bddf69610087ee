package dev.monologue;

import java.util.Objects;

/**
 * The relay refused to take a name over: another owner holds it (a machine with another owner secret), and the
 * relay's policy does not let this machine's API key take names over. Give this machine the holder's owner secret
 * ({@link MonologueOptions#ownerSecret()}) if it is the same machine, or ask the relay's operator for takeover.
 */
public final class TakeoverRefusedException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final String name;

  /** The takeover of {@code name} was refused, as the relay's {@code relayMessage} says. */
  public TakeoverRefusedException(String name, String relayMessage) {
    super("Name '" + Objects.requireNonNull(name, "name == null") + "' is held by another owner and the relay does"
        + " not let this API key take names over" + (relayMessage == null ? "" : " (relay: " + relayMessage + ")")
        + "; if this is the same machine, give it the holder's owner secret (MonologueOptions.ownerSecret),"
        + " otherwise ask the relay's operator to allow takeover for this API key", "claim", name, null);
    this.name = name;
  }

  /** The name claimed. */
  public String name() {
    return name;
  }
}
