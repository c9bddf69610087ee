package dev.monologue.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monologue.MonologueJson;
import dev.monologue.runtime.GeneratedStub;
import dev.monologue.runtime.ServiceSkeleton;
import dev.monologue.transport.WireCodecProbe;
import dev.monologue.binding.ServiceBindings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@code Greeting greet(Person)} call encoded and decoded end to end in one thread (REQ written, parsed,
 * arguments decoded, method called, ACK written, parsed, result decoded), by hand-written Jackson code and through
 * Monologue's stubs and skeletons over the client's own codec.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  private Person person;
  private HandWrittenGreeter handWritten;
  private GreeterService generated;
  private UnprocessedGreeterService proxy;

  @Setup
  public void setUp() {
    ObjectMapper mapper = MonologueJson.newMapper();
    person = new Person("Ada Lovelace", 36, List.of("en", "fr", "it"));
    GreeterService implementation = new GreeterService.Friendly();
    handWritten = new HandWrittenGreeter(mapper, implementation);
    WireCodecProbe codec = new WireCodecProbe(mapper);
    generated = ServiceBindings.stub(GreeterService.class,
        new LoopInvoker(codec, ServiceBindings.skeleton(GreeterService.class, implementation)));
    if (!(generated instanceof GeneratedStub)) {
      throw new IllegalStateException("no generated stub for GreeterService: did the processor run on bench?");
    }
    // UnprocessedGreeterService has no generated classes: the binding falls back to the proxy and the reflective
    // skeleton, as for a program compiled without the processor
    UnprocessedGreeterService unprocessed = implementation::greet;
    ServiceSkeleton reflective = ServiceBindings.skeleton(UnprocessedGreeterService.class, unprocessed);
    proxy = ServiceBindings.stub(UnprocessedGreeterService.class, new LoopInvoker(codec, reflective));
    if (proxy instanceof GeneratedStub) {
      throw new IllegalStateException(
          "generated classes for UnprocessedGreeterService: bench/pom.xml must compile it with -proc:none");
    }
  }

  @Benchmark
  public Greeting handWritten() throws IOException {
    return handWritten.greet(person);
  }

  /** The generated stub and the generated skeleton. */
  @Benchmark
  public Greeting generated() {
    return generated.greet(person);
  }

  /** The dynamic proxy and the reflective skeleton. */
  @Benchmark
  public Greeting proxy() {
    return proxy.greet(person);
  }
}
