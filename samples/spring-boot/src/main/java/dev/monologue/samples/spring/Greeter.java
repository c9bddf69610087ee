package dev.monologue.samples.spring;

import dev.monologue.MonologueService;

/** The sample's one service. */
@MonologueService
public interface Greeter {
  String hello(String name);
}
