package dev.monologue;

import dev.monologue.wire.Limits;
import dev.monologue.wire.Utf8;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of a metadata block (a request's metadata, a reply's trailers): string keys and values, at most
 * {@link Limits#MAX_METADATA_ENTRIES} entries and {@link Limits#MAX_METADATA_BYTES} UTF-8 bytes of keys and values.
 */
public final class CallMetadata {
  private CallMetadata() {}

  /**
   * An unmodifiable copy of {@code metadata}, checked.
   *
   * @param where what the block belongs to, for the error message (e.g. "the metadata of billing.charge for b-1")
   * @throws IllegalArgumentException if a key is empty, a value null, or the block over the bounds
   */
  public static Map<String, String> checked(Map<String, String> metadata, String where) {
    Objects.requireNonNull(metadata, "metadata == null");
    if (metadata.isEmpty()) {
      return Map.of();
    }
    check(metadata, where);
    return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /**
   * Checks {@code metadata} against the rules.
   *
   * @throws IllegalArgumentException if a key is empty, a value null, or the block over the bounds
   */
  public static void check(Map<String, String> metadata, String where) {
    if (metadata.size() > Limits.MAX_METADATA_ENTRIES) {
      throw new IllegalArgumentException(where + " has " + metadata.size() + " entries, over the limit of "
          + Limits.MAX_METADATA_ENTRIES + "; send fewer entries");
    }
    long bytes = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException(where + " has an empty or null key; every key needs a name");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(where + " has a null value under '" + key + "'; leave the key out");
      }
      bytes += Utf8.length(key) + Utf8.length(e.getValue());
    }
    if (bytes > Limits.MAX_METADATA_BYTES) {
      throw new IllegalArgumentException(where + " is " + bytes + " bytes (keys and values in UTF-8), over the"
          + " limit of " + Limits.MAX_METADATA_BYTES + " bytes; send at least " + (bytes - Limits.MAX_METADATA_BYTES)
          + " bytes less");
    }
  }
}
