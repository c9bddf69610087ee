package sample;

import dev.monologue.MonologueMethod;
import dev.monologue.MonologueService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@MonologueService
public interface Greeter {
  String hello(String from, String to);

  CompletableFuture<Greeting> greet(Person person);

  void remember(List<Map<String, Person>> people) throws QuotaExceededException;

  int count(int[] values, long offset, boolean strict);

  Person[] sort(Person[] people, Mood mood);

  Optional<Greeting> lookup(Optional<String> name, Integer limit);

  Instant schedule(LocalDate day, Duration after);

  CompletionStage<List<Person>> friends(Person person);

  CompletableFuture<Void> ping();

  List<String>[] batches(Map<Mood, List<String>[]> byMood, String... extra);

  @MonologueMethod("sample-method")
  String sampleMethod(String invoker, String HELLO);

  default String helloWorld() {
    return hello("me", "world");
  }

  static Greeter quiet(Greeter greeter) {
    return greeter;
  }

  @Override
  String toString();
}
