package dev.monologue.e2e.names;

import dev.monologue.MonologueService;
import java.util.concurrent.CompletableFuture;

/** What the members of a crew serve in the names suite: a typed service called on every member at once. */
@MonologueService
public interface Worker {
  String work(String job);

  CompletableFuture<Integer> size(String job);
}
