package dev.monologue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a {@link Monologue} client connects and behaves. Built with {@link #builder()}; every option left unset is
 * taken from the environment or {@code .monologuerc} by {@link Monologue#create(MonologueOptions)}, then from the
 * defaults.
 */
public final class MonologueOptions {
  /** Default bound on connecting and on each call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
  /** Default maximum number of registered methods. */
  public static final int DEFAULT_LISTENERS = 100;

  private final URI endpoint;
  private final String apiKey;
  private final Duration timeout;
  private final Integer listeners;
  private final ObjectMapper objectMapper;
  private final Executor handlerExecutor;

  private MonologueOptions(Builder b) {
    this.endpoint = b.endpoint;
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
    this.listeners = b.listeners;
    this.objectMapper = b.objectMapper;
    this.handlerExecutor = b.handlerExecutor;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoint = endpoint;
    b.apiKey = apiKey;
    b.timeout = timeout;
    b.listeners = listeners;
    b.objectMapper = objectMapper;
    b.handlerExecutor = handlerExecutor;
    return b;
  }

  /** The relay's WebSocket URI ({@code ws://} or {@code wss://}), or null when not set yet. */
  public URI endpoint() {
    return endpoint;
  }

  /** The API key sent in the {@code x-api-key} header, or null for none. */
  public String apiKey() {
    return apiKey;
  }

  /** Bounds connecting and each call. */
  public Duration timeout() {
    return timeout != null ? timeout : DEFAULT_TIMEOUT;
  }

  /** Maximum number of registered methods; one more is an {@link IllegalStateException}. */
  public int listeners() {
    return listeners != null ? listeners : DEFAULT_LISTENERS;
  }

  /** The mapper that encodes arguments and results; {@link MonologueJson#newMapper()} when not set. */
  public ObjectMapper objectMapper() {
    return objectMapper;
  }

  /** Where handlers run; a small pool owned by the client when not set (the client never shuts down yours). */
  public Executor handlerExecutor() {
    return handlerExecutor;
  }

  boolean hasTimeout() {
    return timeout != null;
  }

  boolean hasListeners() {
    return listeners != null;
  }

  @Override
  public String toString() {
    return "MonologueOptions{endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "****")
        + ", timeout=" + timeout() + ", listeners=" + listeners() + "}";
  }

  /** Builds {@link MonologueOptions}; validates each value as it is set. */
  public static final class Builder {
    private URI endpoint;
    private String apiKey;
    private Duration timeout;
    private Integer listeners;
    private ObjectMapper objectMapper;
    private Executor handlerExecutor;

    private Builder() {}

    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "endpoint == null");
      String scheme = endpoint.getScheme();
      if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
        throw new IllegalArgumentException(
            "endpoint must be a ws:// or wss:// URI, was " + endpoint + ". Use the address the relay printed.");
      }
      this.endpoint = endpoint;
      return this;
    }

    public Builder endpoint(String endpoint) {
      Objects.requireNonNull(endpoint, "endpoint == null");
      return endpoint(URI.create(endpoint));
    }

    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
      return this;
    }

    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public Builder listeners(int listeners) {
      if (listeners < 1) {
        throw new IllegalArgumentException("listeners must be at least 1, was " + listeners);
      }
      this.listeners = listeners;
      return this;
    }

    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper == null");
      return this;
    }

    public Builder handlerExecutor(Executor handlerExecutor) {
      this.handlerExecutor = Objects.requireNonNull(handlerExecutor, "handlerExecutor == null");
      return this;
    }

    public MonologueOptions build() {
      return new MonologueOptions(this);
    }
  }
}
