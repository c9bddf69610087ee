package dev.monologue.bench;

import dev.monologue.MonologueService;
import java.util.concurrent.CompletableFuture;

/** The typed echo the round-trip benchmark calls: blocking for latency, asynchronous for throughput. */
@MonologueService
public interface EchoService {
  String echo(String text);

  CompletableFuture<String> echoAsync(String text);

  /** Answers with what it was sent. */
  final class Echo implements EchoService {
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
