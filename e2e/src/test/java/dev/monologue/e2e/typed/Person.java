package dev.monologue.e2e.typed;

import java.time.LocalDate;

/** A record with a {@code java.time} component. */
public record Person(String name, int age, LocalDate birthday) {}
