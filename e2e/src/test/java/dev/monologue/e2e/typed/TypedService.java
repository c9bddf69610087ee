package dev.monologue.e2e.typed;

import dev.monologue.MonologueService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Every kind of value and result a typed call carries. */
@MonologueService("typed")
public interface TypedService {
  String hello(String from, String to);

  long mix(int a, long b, double c, boolean negate, char letter, byte small, short mid, float ratio);

  Integer maybe(Integer value, Boolean flag);

  Mood flip(Mood mood);

  int[] reverse(int[] values);

  Person[] older(Person[] people);

  Optional<String> nickname(Optional<Person> person);

  Instant later(Instant at, Duration by);

  Map<String, List<Person>> byName(List<Map<String, Person>> people);

  CompletableFuture<Person> find(String name);

  CompletionStage<List<Mood>> moods(int count);

  CompletableFuture<Void> touch(String what);

  void remember(List<Map<String, Person>> people) throws QuotaExceededException;

  List<List<Map<String, Person>>> remembered();

  String explode(String message);

  CompletableFuture<String> explodeLater(String message) throws QuotaExceededException;

  default String helloWorld() {
    return hello("me", "world");
  }
}
