package dev.monologue.e2e.typed;

/** A checked exception that {@link TypedService} declares, so it arrives as itself. */
public class QuotaExceededException extends Exception {
  private static final long serialVersionUID = 1L;

  public QuotaExceededException(String message) {
    super(message);
  }
}
