package dev.monologue.relay.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the connections of each API key may do with names and groups ({@link KeyPolicy}), by the key's ID
 * ({@link ApiKeyIds}: {@code sha256:} and the key's hex SHA-256, so a policy holds no secret). Keys not listed, and
 * connections without a key, get {@link Builder#otherKeys}. Immutable.
 */
public final class RelayPolicy {
  /** Every key: any name and group, no takeover of another owner's names, one shared space. */
  public static final RelayPolicy DEFAULT = builder().build();

  /** The key of {@link #parse}'s JSON object that gives the policy of keys not listed. */
  public static final String OTHER_KEYS = "*";

  private final Map<String, KeyPolicy> keys;
  private final KeyPolicy otherKeys;
  private final boolean tenants;

  private RelayPolicy(Builder b) {
    this.keys = Map.copyOf(b.keys);
    this.otherKeys = b.otherKeys;
    this.tenants = otherKeys.tenant() != null || keys.values().stream().anyMatch(k -> k.tenant() != null);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The policy of the key with ID {@code keyId}; {@link Builder#otherKeys}'s when it is null or not listed. */
  public KeyPolicy forKey(String keyId) {
    KeyPolicy k = keyId == null ? null : keys.get(keyId);
    return k != null ? k : otherKeys;
  }

  /** The IDs of the keys listed (not {@link Builder#otherKeys}). */
  public java.util.Set<String> listedKeys() {
    return keys.keySet();
  }

  /** Whether any key has a tenant: only then does routing to a connection ID check the target's tenant. */
  public boolean hasTenants() {
    return tenants;
  }

  /**
   * A policy from JSON: an object whose fields are key IDs ({@value #OTHER_KEYS} for every other key), each an object
   * with any of {@code "claims"} and {@code "joins"} (arrays of patterns), {@code "takeover"} (boolean) and
   * {@code "tenant"} (a name). Empty or blank text is {@link #DEFAULT}. For example
   * {@code {"sha256:9f86…":{"tenant":"acme","claims":["billing.*"],"joins":["workers"]},"*":{"takeover":false}}}.
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static RelayPolicy parse(String json) {
    if (json == null || json.isBlank()) {
      return DEFAULT;
    }
    Object root;
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      root = value(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("the relay policy has text after its JSON object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the relay policy is not JSON: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> keys)) {
      throw new IllegalArgumentException("the relay policy must be a JSON object of key IDs, was " + json.strip());
    }
    Builder b = builder();
    for (Map.Entry<?, ?> e : keys.entrySet()) {
      String id = (String) e.getKey();
      KeyPolicy k = keyPolicy(id, e.getValue());
      if (id.equals(OTHER_KEYS)) {
        b.otherKeys(k);
      } else {
        b.key(id, k);
      }
    }
    return b.build();
  }

  private static KeyPolicy keyPolicy(String id, Object node) {
    String where = "the relay policy of key '" + id + "'";
    if (!(node instanceof Map<?, ?> fields)) {
      throw new IllegalArgumentException(where + " must be an object, was " + node);
    }
    KeyPolicy.Builder k = KeyPolicy.builder();
    try {
      for (Map.Entry<?, ?> f : fields.entrySet()) {
        Object v = f.getValue();
        switch ((String) f.getKey()) {
          case "claims" -> k.claims(patterns(v, "'claims'"));
          case "joins" -> k.joins(patterns(v, "'joins'"));
          case "takeover" -> {
            if (!(v instanceof Boolean takeover)) {
              throw new IllegalArgumentException("'takeover' must be true or false, was " + v);
            }
            k.takeover(takeover);
          }
          case "tenant" -> {
            if (v != null && !(v instanceof String)) {
              throw new IllegalArgumentException("'tenant' must be a string, was " + v);
            }
            k.tenant((String) v);
          }
          default -> throw new IllegalArgumentException("unknown field '" + f.getKey()
              + "'; the fields are claims, joins, takeover and tenant");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    return k.build();
  }

  private static List<String> patterns(Object v, String where) {
    if (!(v instanceof List<?> list)) {
      throw new IllegalArgumentException(where + " must be an array of patterns, was " + v);
    }
    List<String> out = new ArrayList<>();
    for (Object p : list) {
      if (!(p instanceof String s)) {
        throw new IllegalArgumentException(where + " must hold strings, had " + p);
      }
      out.add(s);
    }
    return out;
  }

  /** The JSON value at the parser's current token: a map, a list, a string, a boolean, a number or null. */
  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new IllegalArgumentException("the relay policy ends early");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (out.put(name, value(p)) != null) {
            throw new IllegalArgumentException("the relay policy repeats the field '" + name + "'");
          }
        }
        return out;
      }
      case START_ARRAY -> {
        List<Object> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          out.add(value(p));
        }
        return out;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return t == JsonToken.VALUE_TRUE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> {
        return p.getText();
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelayPolicy p && keys.equals(p.keys) && otherKeys.equals(p.otherKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keys, otherKeys);
  }

  /** Lists how many keys, not their IDs. */
  @Override
  public String toString() {
    return "RelayPolicy{" + keys.size() + " keys listed, otherKeys=" + otherKeys + "}";
  }

  /** Options of a {@link RelayPolicy}. */
  public static final class Builder {
    private final Map<String, KeyPolicy> keys = new LinkedHashMap<>();
    private KeyPolicy otherKeys = KeyPolicy.DEFAULT;

    private Builder() {}

    /** The policy of the key with ID {@code keyId}. */
    public Builder key(String keyId, KeyPolicy policy) {
      Objects.requireNonNull(keyId, "keyId == null");
      Objects.requireNonNull(policy, "policy == null");
      if (keyId.isEmpty() || keyId.equals(OTHER_KEYS)) {
        throw new IllegalArgumentException("a key ID must not be empty or '" + OTHER_KEYS + "'; use otherKeys()");
      }
      keys.put(keyId, policy);
      return this;
    }

    /** The policy of the API key {@code apiKey}, listed by its ID ({@link ApiKeyIds#of}), never by the key. */
    public Builder apiKey(String apiKey, KeyPolicy policy) {
      if (apiKey == null || apiKey.isEmpty()) {
        throw new IllegalArgumentException("apiKey must not be null or empty");
      }
      return key(ApiKeyIds.of(apiKey), policy);
    }

    /** The policy of keys not listed and of connections without a key; default {@link KeyPolicy#DEFAULT}. */
    public Builder otherKeys(KeyPolicy policy) {
      this.otherKeys = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    public RelayPolicy build() {
      return new RelayPolicy(this);
    }
  }
}
