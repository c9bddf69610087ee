package dev.monologue.binding;

import dev.monologue.MonologueMethod;
import dev.monologue.MonologueService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A service using every kind of type the processor supports; compiled with the processor. */
@MonologueService("sample")
public interface SampleService {
  record Person(String name, int age) {}

  enum Mood { HAPPY, GRUMPY }

  final class QuotaExceededException extends Exception {
    private static final long serialVersionUID = 1L;

    public QuotaExceededException(String message) {
      super(message);
    }
  }

  String hello(String from, String to);

  int add(int a, long b, boolean c, double[] d);

  void remember(List<Map<String, Person>> people) throws QuotaExceededException;

  CompletableFuture<Person> find(String name);

  CompletionStage<List<Person>> friends(Person person);

  CompletableFuture<Void> ping();

  Optional<Mood> mood(Optional<String> name, Instant at);

  List<String>[] batches(Map<Mood, List<String>[]> byMood, Person... extra);

  Map.Entry<String, Integer> entry(Map.Entry<String, List<Long>> entry);

  @MonologueMethod("sample-method")
  String sampleMethod(String value);

  default String helloWorld() {
    return hello("me", "world");
  }

  static String local() {
    return "local";
  }

  @Override
  String toString();
}
