package dev.monologue.e2e;

import dev.monologue.MonologueService;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The foundation suites' small typed service: a value, a void, a future and a stage, with a declared failure. */
@MonologueService("Files")
public interface FileService {
  /** Someone in a list: the one generic parameter. */
  record Author(String name, int age) {}

  String read(String path) throws IOException;

  void touch(String path);

  CompletableFuture<Integer> size(String path) throws IOException;

  CompletionStage<Author> oldest(List<Author> authors);

  /** Another service under the same name: its {@code read} takes {@code Files.read} too. */
  @MonologueService("Files")
  interface Clash {
    String read(String path);
  }
}
