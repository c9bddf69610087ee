package dev.monologue.cli;

/** The client could not be configured from the command line, the environment and {@code .monologuerc}. */
final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
