package dev.monologue.e2e.load;

import dev.monologue.MonologueService;
import java.util.concurrent.CompletableFuture;

/** The typed half of the load: an asynchronous echo. */
@MonologueService
public interface LoadEcho {
  CompletableFuture<String> echo(String text);
}
