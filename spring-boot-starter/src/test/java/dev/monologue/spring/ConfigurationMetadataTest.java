package dev.monologue.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.monologue.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The IDE's view of {@code monologue.*}: the {@code META-INF/spring-configuration-metadata.json} that Spring's
 * configuration processor wrote into the starter's jar holds every property a user can set, each with a description,
 * and the client's settings with the description and default of {@link Setting}, their one table. Run with
 * {@code -Dmonologue.metadata.rewrite=true} in {@code spring-boot-starter} to write the table's entries into
 * {@code additional-spring-configuration-metadata.json} after a change to the table, review the diff, and build
 * again to check.
 */
class ConfigurationMetadataTest {
  private static final String GENERATED = "META-INF/spring-configuration-metadata.json";
  private static final Path ADDITIONAL =
      Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void everyPropertyAUserCanSetIsDescribedAsItsSettingSays() throws IOException {
    if (Boolean.getBoolean("monologue.metadata.rewrite")) {
      rewriteAdditionalMetadata();
      return; // the processor reads the new file at the next compile; build again to check
    }
    Map<String, JsonNode> generated = starterProperties();

    TreeSet<String> settable = new TreeSet<>();
    settable.add("monologue.enabled"); // read by the auto-configuration's condition, not bound
    for (RecordComponent c : MonologueProperties.class.getRecordComponents()) {
      settable.add(MonologueProperties.propertyName(c.getName()));
    }
    assertEquals(settable, new TreeSet<>(generated.keySet()), "the monologue.* properties in " + GENERATED);

    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : generated.entrySet()) {
      if (p.getValue().path("description").asText("").isBlank()) {
        problems.add(p.getKey() + " has no description");
      }
    }
    for (Map.Entry<String, ObjectNode> expected : tableEntries().entrySet()) {
      JsonNode actual = generated.get(expected.getKey());
      if (actual == null) {
        problems.add(expected.getKey() + ": the starter has no property for this setting");
        continue;
      }
      for (String field : List.of("description", "defaultValue")) {
        if (!expected.getValue().path(field).equals(actual.path(field))) {
          problems.add(expected.getKey() + ": " + field + " is " + actual.path(field) + ", the table says "
              + expected.getValue().path(field));
        }
      }
    }
    assertEquals(List.of(), problems, "Write the table's entries again (mvn -pl spring-boot-starter -am test"
        + " -Dtest=ConfigurationMetadataTest -Dmonologue.metadata.rewrite=true), then build the starter from clean:"
        + " the processor runs again only when a source changes");
  }

  /** The {@code monologue.*} properties of the metadata in the jar (or classes) that holds the starter. */
  private static Map<String, JsonNode> starterProperties() throws IOException {
    String starter = MonologueProperties.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    List<URL> ours = new ArrayList<>();
    for (URL url : Collections.list(MonologueProperties.class.getClassLoader().getResources(GENERATED))) {
      if (url.getPath().contains(starter)) {
        ours.add(url);
      }
    }
    assertEquals(1, ours.size(), "the starter's " + GENERATED + " next to " + starter + ": " + ours);
    JsonNode metadata;
    try (InputStream in = ours.get(0).openStream()) {
      metadata = JSON.readTree(in);
    }
    Map<String, JsonNode> properties = new TreeMap<>();
    for (JsonNode p : metadata.path("properties")) {
      if (p.path("name").asText().startsWith("monologue.")) {
        properties.put(p.path("name").asText(), p);
      }
    }
    return properties;
  }

  /** The metadata of each setting the starter offers, by property name, as the table describes it. */
  private static Map<String, ObjectNode> tableEntries() {
    Map<String, ObjectNode> entries = new TreeMap<>();
    for (Setting s : Setting.all()) {
      if (s.partOfReconnectPolicy()) {
        continue; // the reconnect policy is set through a customizer
      }
      ObjectNode entry = JSON.createObjectNode();
      entry.put("name", MonologueProperties.propertyName(s.key()));
      entry.put("description", s.description());
      Object d = s.defaultValue();
      if (d instanceof Duration duration) {
        entry.put("defaultValue", springDuration(duration));
      } else if (d != null) {
        entry.set("defaultValue", JSON.valueToTree(d));
      }
      entries.put(entry.path("name").asText(), entry);
    }
    return entries;
  }

  /** A duration as Spring's simple form writes it: {@code 15s}, {@code 5m}, {@code 250ms}. */
  private static String springDuration(Duration d) {
    long ms = d.toMillis();
    return ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** Replaces the table's entries in the additional metadata and keeps the others (names, groups, enabled). */
  private static void rewriteAdditionalMetadata() throws IOException {
    assertTrue(Files.isRegularFile(ADDITIONAL), "run the rewrite in spring-boot-starter, which holds " + ADDITIONAL);
    ObjectNode root = (ObjectNode) JSON.readTree(ADDITIONAL.toFile());
    Map<String, JsonNode> entries = new TreeMap<>();
    for (JsonNode p : root.path("properties")) {
      entries.put(p.path("name").asText(), p);
    }
    entries.putAll(tableEntries());
    ArrayNode properties = root.putArray("properties");
    entries.values().forEach(properties::add);
    Files.writeString(ADDITIONAL, JSON.writeValueAsString(root) + "\n");
    assertFalse(entries.isEmpty());
  }
}
