package dev.monologue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public or protected type, constructor, method and field of {@code api}, the module users import, has a doc
 * comment. javac's {@code -Xdoclint:missing} would also demand an {@code @param} and {@code @return} for each, which
 * this leaves to review; an overriding method ({@code @Override}) inherits its comment, as javadoc shows it. Reads
 * the sources with the JDK's own parser, as javadoc does.
 */
class JavadocPresenceTest {
  private static final Path SOURCES = Path.of("src/main/java");

  @Test
  void everyPublicTypeAndMemberHasADocComment() throws IOException {
    List<String> missing = missingDocComments(SOURCES);
    assertEquals(List.of(), missing, missing.size() + " public or protected declarations of api without a doc"
        + " comment; write one (what it is for, in a line) for each");
  }

  @Test
  void findsAMissingComment(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path file = Files.createDirectories(dir.resolve("p")).resolve("Shown.java");
    Files.writeString(file, """
        package p;

        /** Documented. */
        public class Shown {
          /** Documented. */
          public void documented() {}

          public void undocumented() {}

          @Override
          public String toString() {
            return "";
          }

          void packagePrivate() {}

          public interface Inner {
            int CONSTANT = 1;
          }
        }
        """);
    List<String> missing = missingDocComments(dir);
    assertEquals(List.of("p/Shown.java:8 method undocumented", "p/Shown.java:17 interface Inner",
        "p/Shown.java:18 variable CONSTANT"), missing);
  }

  /** {@code file:line kind name} for each exported declaration without a doc comment under {@code root}. */
  private static List<String> missingDocComments(Path root) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    List<String> missing = new ArrayList<>();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      JavacTask task = (JavacTask) javac.getTask(null, fileManager, d -> { }, List.of("-proc:none"), null,
          fileManager.getJavaFileObjectsFromPaths(files));
      DocTrees docs = DocTrees.instance(task);
      for (CompilationUnitTree unit : task.parse()) {
        new TreePathScanner<Void, Boolean>() {
          /** {@code inInterface}: the enclosing type is an interface or annotation, whose members are public. */
          @Override
          public Void visitClass(ClassTree type, Boolean inInterface) {
            if (!exported(type.getModifiers(), inInterface)) {
              return null; // nothing inside a hidden type is exported
            }
            check(type.getSimpleName().toString());
            boolean members = type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
            TreePath here = getCurrentPath(); // scan(TreePath, ...) clears it when done
            for (Tree member : type.getMembers()) {
              scan(new TreePath(here, member), members);
            }
            return null;
          }

          @Override
          public Void visitMethod(MethodTree method, Boolean inInterface) {
            boolean overrides = method.getModifiers().getAnnotations().stream()
                .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
            if (exported(method.getModifiers(), inInterface) && !overrides) {
              check(method.getName().toString());
            }
            return null;
          }

          @Override
          public Void visitVariable(VariableTree field, Boolean inInterface) {
            if (exported(field.getModifiers(), inInterface)) {
              check(field.getName().toString());
            }
            return null;
          }

          private void check(String name) {
            if (docs.getDocCommentTree(getCurrentPath()) == null) {
              Tree leaf = getCurrentPath().getLeaf();
              LineMap lines = unit.getLineMap();
              long line = lines.getLineNumber(docs.getSourcePositions().getStartPosition(unit, leaf));
              missing.add(root.toAbsolutePath().relativize(Path.of(unit.getSourceFile().toUri())) + ":" + line + " "
                  + leaf.getKind().toString().toLowerCase() + " " + name);
            }
          }
        }.scan(new TreePath(unit), false);
      }
    }
    return missing;
  }

  private static boolean exported(ModifiersTree modifiers, boolean inInterface) {
    if (modifiers.getFlags().contains(Modifier.PRIVATE)) {
      return false;
    }
    return inInterface || modifiers.getFlags().contains(Modifier.PUBLIC)
        || modifiers.getFlags().contains(Modifier.PROTECTED);
  }
}
