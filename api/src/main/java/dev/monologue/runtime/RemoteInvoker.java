package dev.monologue.runtime;

/**
 * What a stub calls to send one call to its peer. Implemented by the transport; called by generated stubs and by
 * the dynamic proxy alike, so both send the same frames.
 */
public interface RemoteInvoker {
  /**
   * Sends a call and hands back its result as {@code method.returnKind()} says: the decoded result (blocking) for
   * {@link ReturnKind#VALUE}, null after the reply for {@link ReturnKind#VOID}, a
   * {@link java.util.concurrent.CompletableFuture} for {@link ReturnKind#FUTURE} and {@link ReturnKind#STAGE}.
   *
   * <p>When blocking, a remote exception of a type in {@code method.declaredExceptions()} is thrown as that type
   * (even when checked); any other failure is thrown as a {@link dev.monologue.MonologueException}.
   */
  Object invoke(MethodDescriptor method, Object[] args);
}
