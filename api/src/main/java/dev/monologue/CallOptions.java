package dev.monologue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options of one call: its timeout or deadline, and the metadata sent with its request. Immutable; use them through
 * {@link Monologue#withOptions}. What is not set comes from {@link MonologueOptions} (the timeout), or, inside a
 * handler, from the call being handled (its deadline, unless this call sets a timeout or deadline of its own).
 */
public final class CallOptions {
  /** No options: the client's defaults. */
  public static final CallOptions DEFAULT = builder().build();

  private final Duration timeout;
  private final Deadline deadline;
  private final Map<String, String> metadata;

  private CallOptions(Builder b) {
    this.timeout = b.timeout;
    this.deadline = b.deadline;
    this.metadata = CallMetadata.checked(b.metadata, "CallOptions.metadata");
  }

  /** A builder with nothing set: the client's defaults apply. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive others from them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeout = timeout;
    b.deadline = deadline;
    b.metadata.putAll(metadata);
    return b;
  }

  /** The call's timeout, or null: the deadline's, the handled call's, or {@link MonologueOptions#timeout()}. */
  public Duration timeout() {
    return timeout;
  }

  /** The call's deadline, or null. With a timeout too, the earlier of both applies. */
  public Deadline deadline() {
    return deadline;
  }

  /** The metadata sent with the request, unmodifiable; empty when none. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Whether this sets the call's time itself (a timeout or a deadline), instead of inheriting it. */
  public boolean setsTime() {
    return timeout != null || deadline != null;
  }

  @Override
  public String toString() {
    return "CallOptions{timeout=" + timeout + ", deadline=" + deadline + ", metadata=" + metadata.keySet() + "}";
  }

  /** Builds {@link CallOptions}; {@link #build()} checks the metadata against its bounds. */
  public static final class Builder {
    private Duration timeout;
    private Deadline deadline;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /** The call fails with {@link CallTimeoutException} unless answered within {@code timeout} (positive). */
    public Builder timeout(Duration timeout) {
      this.timeout = OptionChecks.positive(timeout, "timeout");
      return this;
    }

    /** The call fails with {@link CallTimeoutException} unless answered by {@code deadline}. */
    public Builder deadline(Deadline deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline == null");
      return this;
    }

    /** Sends {@code key}: {@code value} with the request; the handler reads it from {@link CallContext}. */
    public Builder metadata(String key, String value) {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(value, "value == null");
      metadata.put(key, value);
      return this;
    }

    /** Adds every entry of {@code metadata}. */
    public Builder metadata(Map<String, String> metadata) {
      Objects.requireNonNull(metadata, "metadata == null").forEach(this::metadata);
      return this;
    }

    /**
     * @throws IllegalArgumentException if the metadata is over {@code Limits.MAX_METADATA_BYTES} or
     *     {@code Limits.MAX_METADATA_ENTRIES}, or has an empty key
     */
    public CallOptions build() {
      return new CallOptions(this);
    }
  }
}
