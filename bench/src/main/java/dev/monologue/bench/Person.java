package dev.monologue.bench;

import java.util.List;

/** The argument of the benchmarked {@code greet} call. */
public record Person(String name, int age, List<String> languages) {}
