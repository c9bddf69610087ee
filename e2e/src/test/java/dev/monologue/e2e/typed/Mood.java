package dev.monologue.e2e.typed;

/** An enum, sent as its name. */
public enum Mood {
  HAPPY,
  GRUMPY
}
