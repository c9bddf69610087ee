package dev.monologue.samples;

import java.time.Instant;

/** A record result with a {@code java.time} value. */
public record Greeting(String text, Instant at) {}
