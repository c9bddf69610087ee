package dev.monologue;

import java.util.Objects;

/**
 * The relay's policy does not let this machine's API key claim that name or join that group (each key may be
 * limited to names and groups such as {@code billing.*}). Use a name the key allows, or ask the relay's operator.
 */
public final class NotPermittedException extends MonologueException {
  private static final long serialVersionUID = 1L;

  private final String action;
  private final String target;

  /**
   * @param action {@code claim} or {@code join}
   * @param target the name or group
   */
  public NotPermittedException(String action, String target, String relayMessage) {
    super("The relay does not let this API key " + Objects.requireNonNull(action, "action == null") + " '"
        + Objects.requireNonNull(target, "target == null") + "'" + (relayMessage == null ? "" : " (relay: "
        + relayMessage + ")") + "; use a name the key is allowed, or ask the relay's operator to allow this one",
        action, target, null);
    this.action = action;
    this.target = target;
  }

  /** What was refused: {@code claim} or {@code join}. */
  public String action() {
    return action;
  }

  /** The name or group refused. */
  public String target() {
    return target;
  }
}
