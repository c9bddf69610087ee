package dev.monologue.standin.crac;

/** Part of the shape org.crac looks for in a runtime; never thrown here. */
public class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;
}
