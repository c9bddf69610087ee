package dev.monologue.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A plain implementation that records what it was given. */
final class SampleImplementation implements SampleService {
  final List<Object> remembered = new ArrayList<>();

  @Override
  public String hello(String from, String to) {
    return "hello " + to + " from " + from;
  }

  @Override
  public int add(int a, long b, boolean c, double[] d) {
    return (int) (a + b + (c ? 1 : 0) + d.length);
  }

  @Override
  public void remember(List<Map<String, Person>> people) throws QuotaExceededException {
    if (people.isEmpty()) {
      throw new QuotaExceededException("nothing to remember");
    }
    remembered.add(people);
  }

  @Override
  public CompletableFuture<Person> find(String name) {
    return CompletableFuture.completedFuture(new Person(name, 42));
  }

  @Override
  public CompletionStage<List<Person>> friends(Person person) {
    return CompletableFuture.completedFuture(List.of(person, person));
  }

  @Override
  public CompletableFuture<Void> ping() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Optional<Mood> mood(Optional<String> name, Instant at) {
    return name.map(n -> Mood.HAPPY);
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String>[] batches(Map<Mood, List<String>[]> byMood, Person... extra) {
    return new List[] {List.of(String.valueOf(extra.length))};
  }

  @Override
  public Map.Entry<String, Integer> entry(Map.Entry<String, List<Long>> entry) {
    return Map.entry(entry.getKey(), entry.getValue().size());
  }

  @Override
  public String sampleMethod(String value) {
    return value.toUpperCase();
  }

  @Override
  public String toString() {
    return "SampleImplementation";
  }
}
