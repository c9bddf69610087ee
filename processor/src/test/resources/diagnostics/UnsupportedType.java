package diagnostics;

import dev.monologue.MonologueService;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;

@MonologueService
@SuppressWarnings("rawtypes")
public interface UnsupportedType {
  void wildcard(List<? extends Number> numbers);

  void raw(List numbers);

  void object(Map<String, Object> values);

  Future<String> plainFuture();

  void futureArgument(CompletableFuture<String> later);

  CompletableFuture<CompletableFuture<String>> nestedFuture();

  Stream<String> stream();

  void upload(InputStream data);

  void cursor(Iterator<String> items);

  void function(Function<String, String> transform);

  void type(Class<?> type);

  Object anything();

  void runnable(Runnable task);
}
