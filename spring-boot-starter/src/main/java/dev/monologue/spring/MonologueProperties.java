package dev.monologue.spring;

import dev.monologue.MonologueOptions;
import dev.monologue.Setting;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code monologue.*} properties: each component but {@code names} and {@code groups} is the client's
 * {@link Setting} of the same name ({@code connectTimeout} is {@code monologue.connect-timeout}), whose description
 * and default the IDE shows from {@code META-INF/additional-spring-configuration-metadata.json}, written from that
 * table. Each one left unset is taken from the environment ({@code MONOLOGUE_*}) and {@code .monologuerc} as
 * {@code Monologue.create} reads them, then from the client's defaults: a property beats the environment, which beats
 * a file. Durations take Spring's forms ({@code 15s}, {@code PT15S}, milliseconds).
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
    Boolean waitForCallSlot,
    Integer maxQueuedHandlerCalls,
    Integer maxMessageBytes,
    Duration keepAliveInterval,
    Duration maxConnectionAge,
    Duration probeInterval,
    Boolean failFastWhileDisconnected) {

  /** The components that are lists of names rather than a {@link Setting}. */
  private static final List<String> NAME_LISTS = List.of("names", "groups");

  public MonologueProperties {
    names = names == null ? List.of() : List.copyOf(names);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** Sets on {@code b} the properties that were given, and nothing else, so the client resolves the rest. */
  void applyTo(MonologueOptions.Builder b) {
    try {
      b.names(names.toArray(String[]::new));
      b.groups(groups.toArray(String[]::new));
      for (RecordComponent c : MonologueProperties.class.getRecordComponents()) {
        Object value = c.getAccessor().invoke(this);
        if (value != null && !NAME_LISTS.contains(c.getName())) {
          // Duration, URI and Path print as the text the setting reads (PT15S, the URI, the path)
          Setting.named(c.getName()).applyTo(b, value.toString(), propertyName(c.getName()));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("A monologue.* property is not valid: " + e.getMessage(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not read the monologue.* properties", e);
    }
  }

  /** The property's name as a user writes it: {@code connectTimeout} is {@code monologue.connect-timeout}. */
  static String propertyName(String component) {
    return "monologue." + component.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    // never the API key or the owner secret
    return "MonologueProperties{endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "unset" : "****")
        + ", names=" + names + ", groups=" + groups + "}";
  }
}
