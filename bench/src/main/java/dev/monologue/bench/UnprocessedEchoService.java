package dev.monologue.bench;

import dev.monologue.MonologueService;
import java.util.concurrent.CompletableFuture;

/**
 * {@link EchoService} as a program compiled without the processor has it: {@code bench/pom.xml} compiles the
 * {@code Unprocessed*} sources with {@code -proc:none}, so no generated stub or skeleton exists and
 * {@code Monologue.stub} and {@code register} fall back to the dynamic proxy and the reflective skeleton, as they
 * do for such a user. Same wire name and methods as {@link EchoService}, so the frames are the same.
 */
@MonologueService("EchoService")
public interface UnprocessedEchoService {
  String echo(String text);

  CompletableFuture<String> echoAsync(String text);

  /** Answers with what it was sent. */
  final class Echo implements UnprocessedEchoService {
    @Override
    public String echo(String text) {
      return text;
    }

    @Override
    public CompletableFuture<String> echoAsync(String text) {
      return CompletableFuture.completedFuture(text);
    }
  }
}
