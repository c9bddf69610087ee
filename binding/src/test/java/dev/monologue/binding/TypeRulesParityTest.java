package dev.monologue.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One set of type rules: a service method whose types cannot travel gets the same {@code [Monologue/UnsupportedType]}
 * message from the annotation processor at compile time and from the dynamic proxy at run time (the service
 * compiled without the processor).
 */
class TypeRulesParityTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {
      "void take(java.util.List<?> values);",
      "void take(java.util.List<? extends Number> values);",
      "void take(Object value);",
      "void take(java.util.Map<String, java.util.List<Object>> values);",
      "void take(Object[] values);",
      "void take(java.util.List values);",
      "void take(java.util.Map values);",
      "void take(java.util.concurrent.Future<String> value);",
      "void take(java.util.concurrent.CompletableFuture<String> value);",
      "void take(java.io.InputStream in);",
      "void take(java.util.Iterator<String> values);",
      "void take(Class<String> type);",
      "void take(Thread thread);",
      "void take(java.util.function.Function<String, String> f);",
      "void take(Runnable r);",
      "java.util.concurrent.CompletableFuture raw();",
      "java.util.concurrent.CompletableFuture<Object> loose();",
      "java.util.concurrent.Future<String> later();",
      "java.util.stream.Stream<String> all();",
      "java.util.List<java.util.Optional<Object>> nested();",
  })
  void theProcessorAndTheProxyRefuseAlike(String method) throws Exception {
    String source = "package parity;\n@dev.monologue.MonologueService public interface Bad {\n  " + method + "\n}\n";
    String atCompileTime = processorMessage(source);
    Class<?> service = compileWithoutProcessor(source);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServiceBindings.proxyStub(service, new RecordingInvoker(m -> null)));
    assertEquals(atCompileTime, e.getMessage());
  }

  /** The one UnsupportedType error the processor reports on {@code source}. */
  private String processorMessage(String source) throws IOException {
    Path file = write(dir.resolve("with"), source);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    compile(file, diagnostics, "-processor", "dev.monologue.processor.MonologueProcessor", "-processorpath",
        System.getProperty("java.class.path"), "-d", dir.resolve("with").toString());
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(d.getMessage(Locale.ROOT));
      }
    }
    assertEquals(1, errors.size(), "one error from the processor: " + errors);
    return errors.get(0);
  }

  private Class<?> compileWithoutProcessor(String source) throws Exception {
    Path out = dir.resolve("without");
    Path file = write(out, source);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok = compile(file, diagnostics, "-proc:none", "-parameters", "-d", out.toString());
    assertEquals(true, ok, "javac without the processor: " + diagnostics.getDiagnostics());
    URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
    return Class.forName("parity.Bad", true, loader);
  }

  private static Path write(Path root, String source) throws IOException {
    Path file = root.resolve("parity/Bad.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    return file;
  }

  private static boolean compile(Path file, DiagnosticCollector<JavaFileObject> diagnostics, String... options)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> all = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path")));
      all.addAll(List.of(options));
      return javac.getTask(null, files, diagnostics, all, null, files.getJavaFileObjects(file.toFile())).call();
    }
  }
}
