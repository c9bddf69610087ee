package dev.monologue.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.runtime.GeneratedStub;
import dev.monologue.runtime.MethodDescriptor;
import dev.monologue.runtime.ReturnKind;
import dev.monologue.runtime.ServiceDescriptor;
import dev.monologue.runtime.ServiceSkeleton;
import dev.monologue.binding.SampleService.Mood;
import dev.monologue.binding.SampleService.Person;
import dev.monologue.binding.SampleService.QuotaExceededException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceBindingsTest {
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  /** Answers each method with a value of its result type. */
  private static Object answer(MethodDescriptor method) {
    switch (method.javaName()) {
      case "hello":
      case "sampleMethod":
        return "hi";
      case "add":
        return 7;
      case "ping":
        return method.returnKind() == ReturnKind.FUTURE ? CompletableFuture.completedFuture(null) : 5L;
      case "find":
      case "friends":
        return new CompletableFuture<>();
      case "mood":
        return Optional.of(Mood.GRUMPY);
      case "entry":
        return Map.entry("k", 1);
      default:
        return null;
    }
  }

  /** Calls every remote method of the stub once. */
  private static void callEverything(SampleService stub) throws Exception {
    stub.hello("a", "b");
    stub.add(1, 2L, true, new double[] {1.5});
    stub.remember(List.of(Map.of("x", new Person("Ann", 3))));
    stub.find("Ann");
    stub.friends(new Person("Bob", 4));
    stub.ping();
    stub.mood(Optional.empty(), AT);
    stub.batches(Map.of(), new Person("Cy", 5));
    stub.entry(Map.entry("k", List.of(1L)));
    stub.sampleMethod("v");
  }

  @Test
  void reflectiveDescriptorsEqualTheGeneratedOnes() {
    assertEquals(SampleService_MonologueStub.DESCRIPTOR, ReflectiveService.of(SampleService.class).descriptor());
    assertEquals(Outer_Inner__Service_MonologueStub.DESCRIPTOR,
        ReflectiveService.of(Outer.Inner_Service.class).descriptor());
  }

  @Test
  void descriptorsCarryWireNamesKindsTypesAndExceptions() {
    ServiceDescriptor descriptor = ReflectiveService.of(SampleService.class).descriptor();
    assertEquals("sample", descriptor.serviceName());
    assertEquals(List.of("sample-method", "sample.add", "sample.batches", "sample.entry", "sample.find",
            "sample.friends", "sample.hello", "sample.mood", "sample.ping", "sample.remember"),
        descriptor.methods().stream().map(MethodDescriptor::wireName).toList());
    assertEquals(new MethodDescriptor("sample.find", "find", List.of(String.class), Person.class,
        ReturnKind.FUTURE, List.of()), SampleService_MonologueStub.FIND);
    assertEquals(List.of(QuotaExceededException.class), SampleService_MonologueStub.REMEMBER.declaredExceptions());
    assertEquals(Void.class, SampleService_MonologueStub.PING.resultType());
    assertEquals(ReturnKind.STAGE, SampleService_MonologueStub.FRIENDS.returnKind());
    assertEquals(List.of("Inner_Service.ping", "Inner_Service.touch"),
        Outer_Inner__Service_MonologueStub.DESCRIPTOR.methods().stream().map(MethodDescriptor::wireName).toList());
  }

  @Test
  void usesGeneratedClassesWhenPresent() {
    RecordingInvoker invoker = new RecordingInvoker(ServiceBindingsTest::answer);
    SampleService stub = ServiceBindings.stub(SampleService.class, invoker);
    assertInstanceOf(SampleService_MonologueStub.class, stub);
    assertInstanceOf(SampleService_MonologueSkeleton.class,
        ServiceBindings.skeleton(SampleService.class, new SampleImplementation()));
    assertSame(GeneratedClasses.of(SampleService.class), GeneratedClasses.of(SampleService.class));
  }

  @Test
  void generatedStubAndProxySendTheSameInvocations() throws Exception {
    RecordingInvoker generated = new RecordingInvoker(ServiceBindingsTest::answer);
    RecordingInvoker proxied = new RecordingInvoker(ServiceBindingsTest::answer);
    callEverything(ServiceBindings.stub(SampleService.class, generated));
    callEverything(ServiceBindings.proxyStub(SampleService.class, proxied));

    assertEquals(10, generated.invocations.size());
    assertEquals(generated.invocations.size(), proxied.invocations.size());
    for (int i = 0; i < generated.invocations.size(); i++) {
      RecordingInvoker.Invocation g = generated.invocations.get(i);
      RecordingInvoker.Invocation p = proxied.invocations.get(i);
      assertEquals(g.method(), p.method());
      assertEquals(g.args().size(), p.args().size(), g.method().wireName());
      for (int j = 0; j < g.args().size(); j++) {
        // Arrays compare by content; everything else by equals.
        assertEquals(String.valueOf(deep(g.args().get(j))), String.valueOf(deep(p.args().get(j))));
      }
    }
  }

  private static Object deep(Object value) {
    if (value instanceof Object[] array) {
      return java.util.Arrays.deepToString(array);
    }
    if (value instanceof double[] array) {
      return java.util.Arrays.toString(array);
    }
    return value;
  }

  @Test
  void bothStubsUnboxAndCastResults() {
    for (SampleService stub : List.of(
        ServiceBindings.stub(SampleService.class, new RecordingInvoker(ServiceBindingsTest::answer)),
        ServiceBindings.proxyStub(SampleService.class, new RecordingInvoker(ServiceBindingsTest::answer)))) {
      assertEquals(7, stub.add(0, 0, false, new double[0]));
      assertEquals(Optional.of(Mood.GRUMPY), stub.mood(Optional.of("x"), AT));
      assertEquals("hi", stub.sampleMethod("v"));
    }
  }

  @Test
  void proxyAnswersObjectMethodsLocallyAndRunsDefaultMethods() {
    RecordingInvoker invoker = new RecordingInvoker(ServiceBindingsTest::answer);
    SampleService proxy = ServiceBindings.proxyStub(SampleService.class, invoker);
    assertTrue(Proxy.isProxyClass(proxy.getClass()));
    assertFalse(proxy instanceof GeneratedStub);
    assertEquals("SampleService stub", proxy.toString());
    assertEquals(proxy, proxy);
    assertNotEquals(proxy, ServiceBindings.proxyStub(SampleService.class, invoker));
    assertEquals(System.identityHashCode(proxy), proxy.hashCode());
    assertTrue(invoker.invocations.isEmpty(), "Object methods must not go remote");

    assertEquals("hi", proxy.helloWorld());
    assertEquals(1, invoker.invocations.size());
    assertEquals("sample.hello", invoker.invocations.get(0).method().wireName());
    assertEquals(List.of("me", "world"), invoker.invocations.get(0).args());

    assertEquals("SampleService stub", ServiceBindings.stub(SampleService.class, invoker).toString());
  }

  @Test
  void inheritedAndDefaultMethodsOfANestedServiceThroughBothStubs() throws Exception {
    for (boolean generated : new boolean[] {true, false}) {
      RecordingInvoker invoker = new RecordingInvoker(method -> 21L);
      Outer.Inner_Service stub = generated
          ? ServiceBindings.stub(Outer.Inner_Service.class, invoker)
          : ServiceBindings.proxyStub(Outer.Inner_Service.class, invoker);
      assertEquals(42L, stub.twice(1));
      assertEquals(Outer_Inner__Service_MonologueStub.PING, invoker.invocations.get(0).method());
      assertEquals("Outer.Inner_Service stub", stub.toString());
    }
  }

  @Test
  void reflectiveSkeletonDispatchesLikeTheGeneratedOne() throws Exception {
    SampleImplementation implementation = new SampleImplementation();
    ServiceSkeleton generated = ServiceBindings.skeleton(SampleService.class, implementation);
    ServiceSkeleton reflective = ServiceBindings.reflectiveSkeleton(SampleService.class, implementation);
    assertEquals(generated.descriptor(), reflective.descriptor());
    for (ServiceSkeleton skeleton : List.of(generated, reflective)) {
      assertEquals("hello b from a", skeleton.dispatch("sample.hello", new Object[] {"a", "b"}));
      assertEquals(6, skeleton.dispatch("sample.add", new Object[] {1, 2L, true, new double[] {1, 2}}));
      assertEquals("V", skeleton.dispatch("sample-method", new Object[] {"v"}));
      assertNull(skeleton.dispatch("sample.remember", new Object[] {List.of(Map.of())}));
      assertEquals(Optional.of(Mood.HAPPY), skeleton.dispatch("sample.mood", new Object[] {Optional.of("x"), AT}));
      CompletableFuture<?> found = (CompletableFuture<?>) skeleton.dispatch("sample.find", new Object[] {"Ann"});
      assertEquals(new Person("Ann", 42), found.join());
      QuotaExceededException thrown = assertThrows(QuotaExceededException.class,
          () -> skeleton.dispatch("sample.remember", new Object[] {List.of()}));
      assertEquals("nothing to remember", thrown.getMessage());
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> skeleton.dispatch("sample.nope", new Object[0]));
      assertEquals("Service sample (dev.monologue.binding.SampleService) has no method with wire name"
          + " 'sample.nope'", unknown.getMessage());
      assertThrows(IllegalArgumentException.class, () -> skeleton.dispatch("sample.helloWorld", new Object[0]));
    }
    assertEquals(2, implementation.remembered.size());
  }

  @Test
  void fallsBackToProxyAndReflectionWithoutGeneratedCode(@TempDir Path dir) throws Exception {
    Class<?> service = PlainCompiler.compile(dir, "plain.Echo", "package plain;\n"
        + "@dev.monologue.MonologueService public interface Echo {\n"
        + "  java.util.List<String> echo(java.util.List<String> words);\n"
        + "}\n");
    RecordingInvoker invoker = new RecordingInvoker(method -> List.of("x"));
    Object stub = ServiceBindings.stub(service, invoker);
    assertTrue(Proxy.isProxyClass(stub.getClass()));
    assertEquals(List.of("x"), service.getMethod("echo", List.class).invoke(stub, List.of("a")));
    MethodDescriptor echo = invoker.invocations.get(0).method();
    assertEquals("Echo.echo", echo.wireName());
    assertEquals(service.getMethod("echo", List.class).getGenericReturnType(), echo.resultType());

    Object implementation = Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service},
        (p, m, a) -> a[0]);
    ServiceSkeleton skeleton = bindSkeleton(service, implementation);
    assertInstanceOf(ReflectiveSkeleton.class, skeleton);
    assertEquals(List.of("b"), skeleton.dispatch("Echo.echo", new Object[] {List.of("b")}));
    assertFalse(GeneratedClasses.of(service).hasStub());
  }

  @SuppressWarnings("unchecked")
  private static <T> ServiceSkeleton bindSkeleton(Class<T> service, Object implementation) {
    return ServiceBindings.skeleton(service, (T) implementation);
  }

  @Test
  void refusesWhatTheProcessorRefuses(@TempDir Path dir) throws Exception {
    Class<?> generic = PlainCompiler.compile(dir, "plain.Generic", "package plain;\n"
        + "@dev.monologue.MonologueService public interface Generic {\n"
        + "  <T> T convert(String value);\n"
        + "}\n");
    assertMessage("method Generic.convert declares type parameters",
        () -> ServiceBindings.proxyStub(generic, new RecordingInvoker(m -> null)));
    Class<?> wildcard = PlainCompiler.compile(dir, "plain.Wild", "package plain;\n"
        + "@dev.monologue.MonologueService public interface Wild {\n"
        + "  void take(java.util.List<?> values);\n"
        + "}\n");
    assertMessage("[Monologue/UnsupportedType] Parameter 'arg0' of Wild.take(java.util.List<?>) has type"
        + " java.util.List<?>, which Monologue cannot carry: ? is a wildcard",
        () -> ServiceBindings.proxyStub(wildcard, new RecordingInvoker(m -> null)));
    Class<?> overloads = PlainCompiler.compile(dir, "plain.Twice", "package plain;\n"
        + "@dev.monologue.MonologueService public interface Twice {\n"
        + "  void take(String a);\n"
        + "  void take(int a);\n"
        + "}\n");
    assertMessage("has the wire name 'Twice.take'",
        () -> ServiceBindings.proxyStub(overloads, new RecordingInvoker(m -> null)));
  }

  private static void assertMessage(String expected, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  interface NotAService {
    String hello();
  }

  @Test
  void rejectsBadArgumentsWithAFix() {
    RecordingInvoker invoker = new RecordingInvoker(m -> null);
    IllegalArgumentException notInterface = assertThrows(IllegalArgumentException.class,
        () -> ServiceBindings.stub(SampleImplementation.class, invoker));
    assertEquals("dev.monologue.binding.SampleImplementation is not an interface. Pass the"
        + " @MonologueService interface, not its implementation.", notInterface.getMessage());
    IllegalArgumentException notAnnotated = assertThrows(IllegalArgumentException.class,
        () -> ServiceBindings.stub(NotAService.class, invoker));
    assertTrue(notAnnotated.getMessage().contains("is not annotated with @MonologueService"));
    assertThrows(NullPointerException.class, () -> ServiceBindings.skeleton(SampleService.class, null));
    assertThrows(NullPointerException.class, () -> ServiceBindings.reflectiveSkeleton(SampleService.class, null));
    assertThrows(NullPointerException.class, () -> ServiceBindings.stub(SampleService.class, null));
    assertThrows(NullPointerException.class, () -> ServiceBindings.stub(null, invoker));
  }
}
