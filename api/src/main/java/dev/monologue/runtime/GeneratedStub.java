package dev.monologue.runtime;

/** Marks a stub written by the Monologue annotation processor. */
public interface GeneratedStub {}
