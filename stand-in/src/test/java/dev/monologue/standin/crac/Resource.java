package dev.monologue.standin.crac;

/** A resource of this checkpoint/restore runtime: what org.crac registers a {@code org.crac.Resource} as. */
public interface Resource {
  void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

  void afterRestore(Context<? extends Resource> context) throws Exception;
}
