package dev.monologue.samples;

/** A record argument: travels as a JSON object. */
public record Person(String name, int age) {}
