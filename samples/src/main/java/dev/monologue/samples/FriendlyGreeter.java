package dev.monologue.samples;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** machine1's implementation of {@link Greeter}. */
final class FriendlyGreeter implements Greeter {
  static final int QUOTA = 3;

  @Override
  public String hello(String from, String to) {
    return "Hello " + from + ", this is " + to;
  }

  @Override
  public CompletableFuture<Greeting> greet(Person person) {
    return CompletableFuture.supplyAsync(
        () -> new Greeting("Nice to meet you, " + person.name() + " (" + person.age() + ")", Instant.now()));
  }

  @Override
  public void remember(List<Map<String, Person>> people) throws QuotaExceededException {
    int count = people.stream().mapToInt(Map::size).sum();
    if (count > QUOTA) {
      throw new QuotaExceededException("can remember " + QUOTA + " people, was asked to remember " + count);
    }
  }
}
