package dev.monologue.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TypesTest {
  @SuppressWarnings("unused")
  interface Shapes {
    List<Map<String, Integer>> nested();

    Map.Entry<String, List<Long>> nestedRaw();

    List<String>[] genericArray();

    Optional<int[]>[][] genericArray2();

    CompletableFuture<Optional<String>> future();
  }

  private static Type returnType(String method) throws NoSuchMethodException {
    return Shapes.class.getMethod(method).getGenericReturnType();
  }

  private static void assertSameAsReflection(Type expected, Type built) {
    assertEquals(expected, built);
    assertEquals(built, expected);
    assertEquals(expected.hashCode(), built.hashCode());
    assertEquals(expected.getTypeName(), built.getTypeName());
  }

  @Test
  void parameterizedEqualsReflection() throws Exception {
    assertSameAsReflection(returnType("nested"),
        Types.parameterized(List.class, Types.parameterized(Map.class, String.class, Integer.class)));
    assertSameAsReflection(returnType("future"),
        Types.parameterized(CompletableFuture.class, Types.parameterized(Optional.class, String.class)));
  }

  @Test
  void nestedRawTypeHasItsDeclaringClassAsOwner() throws Exception {
    assertSameAsReflection(returnType("nestedRaw"),
        Types.parameterized(Map.Entry.class, String.class, Types.parameterized(List.class, Long.class)));
  }

  @Test
  void genericArraysEqualReflection() throws Exception {
    assertSameAsReflection(returnType("genericArray"),
        Types.arrayOf(Types.parameterized(List.class, String.class)));
    assertSameAsReflection(returnType("genericArray2"),
        Types.arrayOf(Types.arrayOf(Types.parameterized(Optional.class, int[].class))));
  }

  @Test
  void arrayOfClassIsTheArrayClass() {
    assertSame(String[].class, Types.arrayOf(String.class));
    assertSame(int[][].class, Types.arrayOf(int[].class));
  }

  @Test
  void differentArgumentsAreNotEqual() {
    assertNotEquals(Types.parameterized(List.class, String.class), Types.parameterized(List.class, Integer.class));
  }

  @Test
  void rejectsWrongArity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Types.parameterized(Map.class, String.class));
    assertEquals("java.util.Map takes 2 type arguments, got 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Types.parameterized(List.class, int.class));
  }

  @Test
  void jacksonAcceptsThem() {
    JavaType type = TypeFactory.defaultInstance().constructType(
        Types.parameterized(List.class, Types.parameterized(Map.class, String.class, Integer.class)));
    assertEquals(List.class, type.getRawClass());
    assertEquals(Map.class, type.getContentType().getRawClass());
    assertEquals(Integer.class, type.getContentType().getContentType().getRawClass());
    JavaType array = TypeFactory.defaultInstance().constructType(
        Types.arrayOf(Types.parameterized(List.class, String.class)));
    assertEquals(String.class, array.getContentType().getContentType().getRawClass());
  }
}
