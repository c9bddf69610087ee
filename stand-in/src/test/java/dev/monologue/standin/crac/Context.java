package dev.monologue.standin.crac;

/** Where resources register, as in every CRaC implementation org.crac delegates to. */
public abstract class Context<R extends Resource> implements Resource {
  public abstract void register(R resource);
}
