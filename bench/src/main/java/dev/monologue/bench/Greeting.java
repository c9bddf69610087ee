package dev.monologue.bench;

/** The result of the benchmarked {@code greet} call. */
public record Greeting(String message, int luckyNumber) {}
