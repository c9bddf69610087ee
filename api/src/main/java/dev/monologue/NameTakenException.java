package dev.monologue;

import java.time.Duration;
import java.util.Objects;

/**
 * The relay refused a claim: another owner's live connection holds the name. Names the holder's claim age, never
 * its ID; claim with takeover to move the name to this machine anyway, where the relay's policy allows it.
 */
public final class NameTakenException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final Duration heldFor;

  /** {@code name} is held by another connection, for {@code heldFor}; {@code relayMessage} as the relay said it. */
  public NameTakenException(String name, Duration heldFor, String relayMessage) {
    super("Name '" + name + "' is held by another connection (for " + heldFor.toSeconds() + " s)"
        + (relayMessage == null ? "" : " (relay: " + relayMessage + ")")
        + "; if it is this machine's, claim with its owner secret (MonologueOptions.ownerSecret), else"
        + " claim(name, true) takes it over where the relay lets this API key", null, null, null);
    this.name = Objects.requireNonNull(name, "name == null");
    this.heldFor = heldFor;
  }

  /** The name claimed. */
  public String name() {
    return name;
  }

  /** How long the holder has held the name. */
  public Duration heldFor() {
    return heldFor;
  }
}
