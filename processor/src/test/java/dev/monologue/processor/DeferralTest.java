package dev.monologue.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** A service naming a type that another processor generates in a later round is processed once it exists. */
class DeferralTest {
  /** Writes {@code sample.Later} in the first round, as another code generator would. */
  static final class LaterWriter extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        try (Writer writer = processingEnv.getFiler().createSourceFile("sample.Later").openWriter()) {
          writer.write("package sample;\n\npublic record Later(String value) {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void waitsForTypesGeneratedInALaterRound() {
    Compilation compilation = Compiler.javac()
        .withProcessors(new MonologueProcessor(), new LaterWriter())
        .compile(JavaFileObjects.forResource("sample/UsesLater.java"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("sample.UsesLater_MonologueStub")
        .contentsAsUtf8String().contains("List.of(Types.parameterized(List.class, Later.class))");
  }
}
