package dev.monologue.bench;

import java.util.concurrent.CompletableFuture;

/** One caller's connection to the relay, making echo calls to the contender's callee. */
interface Connection extends AutoCloseable {
  /** The payload every contender echoes, so that all send frames of about the same size. */
  String PAYLOAD = "hello from the benchmark, 42 chars long..";

  /** Makes one call and returns when its reply is in; throws when it failed or took over the bound. */
  void callAndWait() throws Exception;

  /** Starts one call; the future completes with its reply. */
  CompletableFuture<?> callAsync();

  @Override
  void close();
}
