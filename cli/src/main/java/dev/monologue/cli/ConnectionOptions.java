package dev.monologue.cli;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of the commands that connect as a client. What they leave unset comes from the environment and
 * {@code .monologuerc}, read by the client's own loader ({@link Monologue#create(MonologueOptions)}), exactly as a
 * program's client reads them.
 */
final class ConnectionOptions {
  @Option(names = {"-e", "--endpoint"}, paramLabel = "URI",
      description = "The relay's ws:// or wss:// URI (default: $MONOLOGUE_ENDPOINT, then .monologuerc).")
  URI endpoint;

  @Option(names = "--api-key", paramLabel = "KEY", description = "The API key (default: $MONOLOGUE_API_KEY, then"
      + " .monologuerc; prefer those: a command line is visible to the machine's other users).")
  String apiKey;

  @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Bounds connecting and the call: milliseconds or ISO-8601 such as PT5S, as $MONOLOGUE_TIMEOUT"
          + " (default: $MONOLOGUE_TIMEOUT, .monologuerc, then 15 s).")
  Duration timeout;

  /** A client configured from these options, then the environment and the rc files; not connected yet. */
  Monologue client() {
    MonologueOptions.Builder b = MonologueOptions.builder();
    try {
      if (endpoint != null) {
        b.endpoint(endpoint);
      }
      if (apiKey != null) {
        b.apiKey(apiKey);
      }
      if (timeout != null) {
        b.timeout(timeout);
      }
      return Monologue.create(b.build());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }
}
