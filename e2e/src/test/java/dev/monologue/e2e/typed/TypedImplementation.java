package dev.monologue.e2e.typed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The callee's implementation; records what {@link #remember} and {@link #touch} were given. */
final class TypedImplementation implements TypedService {
  final List<List<Map<String, Person>>> memory = Collections.synchronizedList(new ArrayList<>());
  final List<String> touched = Collections.synchronizedList(new ArrayList<>());

  @Override
  public String hello(String from, String to) {
    return "Hello " + to + " from " + from;
  }

  @Override
  public long mix(int a, long b, double c, boolean negate, char letter, byte small, short mid, float ratio) {
    long sum = a + b + (long) c + letter + small + mid + (long) ratio;
    return negate ? -sum : sum;
  }

  @Override
  public Integer maybe(Integer value, Boolean flag) {
    if (value == null) {
      return flag == null ? null : -1;
    }
    return value + 1;
  }

  @Override
  public Mood flip(Mood mood) {
    return mood == Mood.HAPPY ? Mood.GRUMPY : Mood.HAPPY;
  }

  @Override
  public int[] reverse(int[] values) {
    int[] reversed = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      reversed[i] = values[values.length - 1 - i];
    }
    return reversed;
  }

  @Override
  public Person[] older(Person[] people) {
    Person[] older = new Person[people.length];
    for (int i = 0; i < people.length; i++) {
      Person p = people[i];
      older[i] = new Person(p.name(), p.age() + 1, p.birthday());
    }
    return older;
  }

  @Override
  public Optional<String> nickname(Optional<Person> person) {
    return person.map(p -> p.name().substring(0, 1).toLowerCase());
  }

  @Override
  public Instant later(Instant at, Duration by) {
    return at.plus(by);
  }

  @Override
  public Map<String, List<Person>> byName(List<Map<String, Person>> people) {
    Map<String, List<Person>> grouped = new LinkedHashMap<>();
    for (Map<String, Person> map : people) {
      map.forEach((key, person) -> grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(person));
    }
    return grouped;
  }

  @Override
  public CompletableFuture<Person> find(String name) {
    return CompletableFuture.supplyAsync(() -> new Person(name, 30, null));
  }

  @Override
  public CompletionStage<List<Mood>> moods(int count) {
    List<Mood> moods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      moods.add(Mood.values()[i % 2]);
    }
    return CompletableFuture.completedFuture(moods);
  }

  @Override
  public CompletableFuture<Void> touch(String what) {
    touched.add(what);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void remember(List<Map<String, Person>> people) throws QuotaExceededException {
    if (people.isEmpty()) {
      throw new QuotaExceededException("nothing to remember");
    }
    memory.add(people);
  }

  @Override
  public List<List<Map<String, Person>>> remembered() {
    return List.copyOf(memory);
  }

  @Override
  public String explode(String message) {
    throw new IllegalStateException(message);
  }

  @Override
  public CompletableFuture<String> explodeLater(String message) {
    return CompletableFuture.failedFuture(new QuotaExceededException(message));
  }
}
