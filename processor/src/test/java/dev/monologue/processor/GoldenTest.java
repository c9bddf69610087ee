package dev.monologue.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compiles the sample services and compares every generated source with its golden file under
 * {@code src/test/resources/golden}. Run with {@code -Dmonologue.updateGolden=true} to rewrite the golden files,
 * then review the diff.
 */
class GoldenTest {
  private static final Path GOLDEN = Paths.get("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("monologue.updateGolden");

  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation = Compiler.javac()
        .withProcessors(new MonologueProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(
            JavaFileObjects.forResource("sample/Greeter.java"),
            JavaFileObjects.forResource("sample/Person.java"),
            JavaFileObjects.forResource("sample/Greeting.java"),
            JavaFileObjects.forResource("sample/Mood.java"),
            JavaFileObjects.forResource("sample/QuotaExceededException.java"),
            JavaFileObjects.forResource("sample/Outer.java"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sample.Greeter_MonologueStub",
      "sample.Greeter_MonologueSkeleton",
      "sample.Outer_Inner__Service_MonologueStub",
      "sample.Outer_Inner__Service_MonologueSkeleton"})
  void generatedSourceMatchesGolden(String className) throws IOException {
    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated = compilation.generatedSourceFile(className)
        .orElseThrow(() -> new AssertionError("Not generated: " + className));
    String actual = generated.getCharContent(true).toString();
    Path golden = GOLDEN.resolve(className.replace('.', '/') + ".java");
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual,
        "Generated " + className + " differs from " + golden + "; rerun with -Dmonologue.updateGolden=true"
            + " to rewrite it, then review the diff");
  }
}
