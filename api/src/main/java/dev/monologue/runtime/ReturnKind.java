package dev.monologue.runtime;

/** How a remote method hands back its result. */
public enum ReturnKind {
  /** Blocks for the result within the client's timeout. */
  VALUE,
  /** Blocks for the reply so that failures surface; there is no result. */
  VOID,
  /** Returns a {@link java.util.concurrent.CompletableFuture} at once. */
  FUTURE,
  /** Returns a {@link java.util.concurrent.CompletionStage} at once. */
  STAGE
}
