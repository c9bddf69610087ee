package dev.monologue.samples;

/** A checked exception that {@link Greeter#remember} declares, so it crosses the wire as its own type. */
public final class QuotaExceededException extends Exception {
  private static final long serialVersionUID = 1L;

  public QuotaExceededException(String message) {
    super(message);
  }
}
