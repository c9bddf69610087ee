package dev.monologue.spring;

import dev.monologue.MonologueOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code monologue.*} properties. Each one left unset is taken from the environment ({@code MONOLOGUE_*}) and
 * {@code .monologuerc} as {@code Monologue.create} reads them, then from the client's defaults: a property beats the
 * environment, which beats a file. Durations take Spring's forms ({@code 15s}, {@code PT15S}, milliseconds).
 *
 * @param endpoint the relay's {@code ws://} or {@code wss://} URI
 * @param apiKey the API key sent in the handshake
 * @param timeout bounds each call, and connecting unless {@code connectTimeout} is set
 * @param connectTimeout bounds connecting, claims and joins included
 * @param names names claimed on every connection; startup fails when another owner holds one
 * @param groups groups joined on every connection
 * @param ownerSecret the secret that makes this application the owner of its names across restarts
 * @param ownerSecretFile where the generated owner secret is kept, when {@code ownerSecret} is not set
 * @param listeners the most methods served
 * @param maxCallsInFlight the most calls awaiting replies at once
 * @param keepAliveInterval send-idleness after which a keep-alive goes out ({@code 0}: off)
 * @param probeInterval age of a pending call after which its peer is probed ({@code 0}: off)
 * @param failFastWhileDisconnected whether a call made while reconnecting fails at once
 */
@ConfigurationProperties(prefix = "monologue")
public record MonologueProperties(
    URI endpoint,
    String apiKey,
    Duration timeout,
    Duration connectTimeout,
    List<String> names,
    List<String> groups,
    String ownerSecret,
    Path ownerSecretFile,
    Integer listeners,
    Integer maxCallsInFlight,
    Duration keepAliveInterval,
    Duration probeInterval,
    Boolean failFastWhileDisconnected) {

  public MonologueProperties {
    names = names == null ? List.of() : List.copyOf(names);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** Sets on {@code b} the properties that were given, and nothing else, so the client resolves the rest. */
  void applyTo(MonologueOptions.Builder b) {
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
      if (connectTimeout != null) {
        b.connectTimeout(connectTimeout);
      }
      b.names(names.toArray(String[]::new));
      b.groups(groups.toArray(String[]::new));
      if (ownerSecret != null) {
        b.ownerSecret(ownerSecret);
      }
      if (ownerSecretFile != null) {
        b.ownerSecretFile(ownerSecretFile);
      }
      if (listeners != null) {
        b.listeners(listeners);
      }
      if (maxCallsInFlight != null) {
        b.maxCallsInFlight(maxCallsInFlight);
      }
      if (keepAliveInterval != null) {
        b.keepAliveInterval(keepAliveInterval);
      }
      if (probeInterval != null) {
        b.probeInterval(probeInterval);
      }
      if (failFastWhileDisconnected != null) {
        b.failFastWhileDisconnected(failFastWhileDisconnected);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("A monologue.* property is not valid: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    // never the API key or the owner secret
    return "MonologueProperties{endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "unset" : "****")
        + ", names=" + names + ", groups=" + groups + "}";
  }
}
