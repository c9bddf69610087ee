package diagnostics;

import dev.monologue.MonologueService;

@MonologueService
public interface TypeParameters<T> {
  <R> R convert(String value);
}
