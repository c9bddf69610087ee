package dev.monologue.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A relay deployed elsewhere (on AWS by {@code scripts/deploy.sh}), found through the nearest {@code .monologuerc}.
 * The suites only connect to it: they cannot drop its connections, count them or stop it.
 */
public final class DeployedRelay implements RelayFixture {
  /** Set by the {@code deployed} Maven profile. */
  public static final String ENABLED_PROPERTY = "monologue.deployed";

  private final URI endpoint;
  private final String apiKey;

  private DeployedRelay(URI endpoint, String apiKey) {
    this.endpoint = endpoint;
    this.apiKey = apiKey;
  }

  /** Reads the endpoint and API key from the nearest {@code .monologuerc} (working directory upward, then home). */
  public static DeployedRelay fromMonologueRc() {
    Path rc = find();
    try {
      JsonNode node = new ObjectMapper().readTree(rc.toFile());
      if (node == null || !node.hasNonNull("endpoint")) {
        throw new IllegalStateException(rc + " names no endpoint; run scripts/deploy.sh test first");
      }
      return new DeployedRelay(URI.create(node.get("endpoint").asText()),
          node.hasNonNull("apiKey") ? node.get("apiKey").asText() : null);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + rc, e);
    }
  }

  private static Path find() {
    for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null;
        dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(".monologuerc"))) {
        return dir.resolve(".monologuerc");
      }
    }
    Path home = Paths.get(System.getProperty("user.home"), ".monologuerc");
    if (Files.isRegularFile(home)) {
      return home;
    }
    throw new IllegalStateException("The deployed profile needs a .monologuerc with the relay's endpoint and API key"
        + " (in the working directory or a parent, or the home directory); scripts/deploy.sh test writes one");
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public String apiKey() {
    return apiKey;
  }

  @Override
  public boolean controlled() {
    return false;
  }

  @Override
  public boolean disconnect(String connectionId) {
    throw new UnsupportedOperationException("a deployed relay's connections cannot be dropped by the suite");
  }

  @Override
  public int connectionCount() {
    throw new UnsupportedOperationException("a deployed relay's connections cannot be counted by the suite");
  }

  @Override
  public void close() {
    // not ours to stop
  }
}
