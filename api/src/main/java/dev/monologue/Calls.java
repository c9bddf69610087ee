package dev.monologue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The calls of a {@link Monologue} made with {@link CallOptions}: {@link Monologue#withOptions} binds them. Each
 * method is its namesake on {@link Monologue}, sent with the options.
 */
public interface Calls {
  /** See {@link Monologue#call(String, String, Object...)}. */
  CompletableFuture<JsonNode> call(String to, String name, Object... args);

  /** See {@link Monologue#call(String, String, Class, Object...)}. */
  <R> CompletableFuture<R> call(String to, String name, Class<R> returnType, Object... args);

  /** A stub whose every call carries the options; see {@link Monologue#stub}. */
  <T> T stub(String to, Class<T> service);

  /** See {@link Monologue#callAny}. */
  <R> CompletableFuture<R> callAny(String group, String name, Class<R> returnType, Object... args);

  /** See {@link Monologue#stubAny}. */
  <T> T stubAny(String group, Class<T> service);

  /** See {@link Monologue#callAll(String, String, Class, Object...)}. */
  <R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, String name, Class<R> returnType,
      Object... args);

  /** See {@link Monologue#callAll(String, Class, Function)}. */
  <S, R> CompletableFuture<List<CallOutcome<R>>> callAll(String group, Class<S> service,
      Function<? super S, ? extends R> call);
}
