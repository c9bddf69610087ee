package dev.monologue.samples;

import dev.monologue.MonologueMethod;
import dev.monologue.MonologueService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The demo's typed service: the processor generates its stub and skeleton. */
@MonologueService
public interface Greeter {
  /** Travels as {@code sample-method}, the string-named method of the original JavaScript demo. */
  @MonologueMethod("sample-method")
  String hello(String from, String to);

  CompletableFuture<Greeting> greet(Person person);

  void remember(List<Map<String, Person>> people) throws QuotaExceededException;
}
