package dev.monologue.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per diagnostic key: each error is reported on the exact element, and none stops the others. */
class DiagnosticsTest {
  private static Compilation compile(String name) {
    return Compiler.javac()
        .withProcessors(new MonologueProcessor())
        .compile(source(name));
  }

  private static JavaFileObject source(String name) {
    return JavaFileObjects.forResource("diagnostics/" + name + ".java");
  }

  @Test
  void notAnInterface() {
    Compilation compilation = compile("NotAnInterface");
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[Monologue/NotAnInterface] @MonologueService is on the class"
            + " diagnostics.NotAnInterface, but only an interface can be a service.")
        .inFile(source("NotAnInterface")).onLineContaining("public class NotAnInterface");
  }

  @Test
  void typeParametersOnTheInterfaceAndOnAMethod() {
    Compilation compilation = compile("TypeParameters");
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[Monologue/TypeParameters] diagnostics.TypeParameters declares"
            + " type parameters <T>")
        .inFile(source("TypeParameters")).onLineContaining("public interface TypeParameters<T>");
    assertThat(compilation).hadErrorContaining("[Monologue/TypeParameters] TypeParameters.convert(java.lang.String)"
            + " declares type parameters <R>")
        .inFile(source("TypeParameters")).onLineContaining("<R> R convert");
    assertThat(compilation).hadErrorContaining("[Monologue/UnsupportedType] TypeParameters.convert(java.lang.String)"
            + " returns R, which Monologue cannot carry: R is a type variable.")
        .inFile(source("TypeParameters")).onLineContaining("<R> R convert");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void duplicateWireNamesFromOverloadsAndAnnotations() {
    Compilation compilation = compile("DuplicateWireName");
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[Monologue/DuplicateWireName] DuplicateWireName.hello("
            + "java.lang.String, java.lang.String) has the wire name 'DuplicateWireName.hello', like"
            + " DuplicateWireName.hello(java.lang.String). Give one of them another name with @MonologueMethod.")
        .inFile(source("DuplicateWireName")).onLineContaining("String hello(String first, String last);");
    assertThat(compilation).hadErrorContaining("[Monologue/DuplicateWireName] DuplicateWireName.greetTwice(")
        .inFile(source("DuplicateWireName")).onLineContaining("void greetTwice(String name);");
  }

  @Test
  void emptyWireName() {
    Compilation compilation = compile("EmptyWireName");
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[Monologue/EmptyWireName] @MonologueMethod on"
            + " EmptyWireName.hello(java.lang.String) has a blank name.")
        .inFile(source("EmptyWireName")).onLineContaining("String hello(String name);");
  }

  @Test
  void notAccessibleInterfaceAndParameterType() {
    Compilation compilation = compile("NotAccessible");
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[Monologue/NotAccessible] diagnostics.NotAccessible.Hidden is"
            + " private or local")
        .inFile(source("NotAccessible")).onLineContaining("private interface Hidden");
    assertThat(compilation).hadErrorContaining("[Monologue/NotAccessible] Parameter 'secret' of"
            + " Visible.keep(diagnostics.NotAccessible.Secret) uses diagnostics.NotAccessible.Secret")
        .inFile(source("NotAccessible")).onLineContaining("void keep(Secret secret);");
  }

  @Test
  void unsupportedTypesAreEachReportedOnTheirElement() {
    Compilation compilation = compile("UnsupportedType");
    JavaFileObject file = source("UnsupportedType");
    assertThat(compilation).hadErrorCount(13);
    assertThat(compilation).hadErrorContaining("[Monologue/UnsupportedType] Parameter 'numbers' of"
            + " UnsupportedType.wildcard(java.util.List<? extends java.lang.Number>) has type"
            + " java.util.List<? extends java.lang.Number>, which Monologue cannot carry: ? extends"
            + " java.lang.Number is a wildcard. Use an exact type argument, such as List<Person>.")
        .inFile(file).onLineContaining("List<? extends Number> numbers");
    assertThat(compilation).hadErrorContaining("java.util.List is a raw type. Give its type arguments, such as"
            + " List<String>.")
        .inFile(file).onLineContaining("void raw(List numbers);");
    assertThat(compilation).hadErrorContaining("Object says nothing about what to decode")
        .inFile(file).onLineContaining("Map<String, Object> values");
    assertThat(compilation).hadErrorContaining("UnsupportedType.plainFuture() returns"
            + " java.util.concurrent.Future<java.lang.String>, which Monologue cannot carry:"
            + " java.util.concurrent.Future is not an asynchronous result Monologue can complete. Return"
            + " CompletableFuture<T> or CompletionStage<T>.")
        .inFile(file).onLineContaining("plainFuture()");
    assertThat(compilation).hadErrorContaining("java.util.concurrent.CompletableFuture is a future, and futures only"
            + " travel as the return type")
        .inFile(file).onLineContaining("CompletableFuture<String> later");
    assertThat(compilation).hadErrorContaining("[Monologue/UnsupportedType] UnsupportedType.nestedFuture() returns")
        .inFile(file).onLineContaining("nestedFuture()");
    assertThat(compilation).hadErrorContaining("java.util.stream.Stream is a live resource or cursor")
        .inFile(file).onLineContaining("Stream<String> stream()");
    assertThat(compilation).hadErrorContaining("java.io.InputStream is a live resource or cursor")
        .inFile(file).onLineContaining("InputStream data");
    assertThat(compilation).hadErrorContaining("java.util.Iterator is a live resource or cursor")
        .inFile(file).onLineContaining("Iterator<String> items");
    assertThat(compilation).hadErrorContaining("java.util.function.Function is a function, and code does not"
            + " travel")
        .inFile(file).onLineContaining("Function<String, String> transform");
    assertThat(compilation).hadErrorContaining("java.lang.Class is not data")
        .inFile(file).onLineContaining("Class<?> type");
    assertThat(compilation).hadErrorContaining("UnsupportedType.anything() returns java.lang.Object")
        .inFile(file).onLineContaining("Object anything()");
    assertThat(compilation).hadErrorContaining("java.lang.Runnable is a function")
        .inFile(file).onLineContaining("Runnable task");
  }
}
