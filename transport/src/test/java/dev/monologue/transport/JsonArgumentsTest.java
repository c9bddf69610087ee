package dev.monologue.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.MonologueJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArgumentsTest {
  record Person(String name, int age) {}

  private final ObjectMapper mapper = MonologueJson.newMapper();
  private final JsonCodec codec = new JsonCodec(mapper);

  private JsonArguments args(String json) throws Exception {
    return new JsonArguments(codec, mapper.readTree(json), "caller=", "greet");
  }

  @Test
  void decodesEachArgumentAsAskedFor() throws Exception {
    JsonArguments a = args("[\"Ada\",42,{\"name\":\"Bob\",\"age\":7},[{\"name\":\"C\",\"age\":1}],null,\"PT2S\"]");
    assertEquals(6, a.size());
    assertEquals("Ada", a.get(0, String.class));
    assertEquals(42, a.get(1, int.class));
    assertEquals(42L, a.get(1, Long.class));
    assertEquals(new Person("Bob", 7), a.get(2, Person.class));
    assertEquals(List.of(new Person("C", 1)), a.get(3, new TypeReference<List<Person>>() {}.getType()));
    assertNull(a.get(4, String.class));
    assertEquals(Duration.ofSeconds(2), a.get(5, Duration.class));
    assertEquals(7, a.node(2).get("age").asInt());
    assertEquals("caller=", a.caller());
    assertEquals("greet", a.method());
  }

  @Test
  void missingIndexIsABadArgument() throws Exception {
    JsonArguments a = args("[1]");
    BadArgumentsException e = assertThrows(BadArgumentsException.class, () -> a.get(1, Integer.class));
    assertEquals("greet has no argument 1: the caller sent 1 argument", e.getMessage());
    assertThrows(BadArgumentsException.class, () -> a.node(-1));
  }

  @Test
  void requestWithoutArgsHasNone() {
    JsonArguments a = new JsonArguments(codec, null, "c", "m");
    assertEquals(0, a.size());
    assertThrows(IllegalArgumentException.class, () -> a.node(0));
  }

  @Test
  void undecodableArgumentIsABadArgumentNamingTheMethodAndType() throws Exception {
    JsonArguments a = args("[\"not a number\",{\"name\":[]}]");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.get(0, int.class));
    assertTrue(e instanceof BadArgumentsException);
    assertTrue(e.getMessage().startsWith("argument 0 of greet could not be decoded as int: "), e.getMessage());
    assertThrows(BadArgumentsException.class, () -> a.get(1, Person.class));
  }
}
