package sample;

public class QuotaExceededException extends Exception {
  private static final long serialVersionUID = 1L;

  public QuotaExceededException(String message) {
    super(message);
  }
}
