package dev.monologue.binding;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles one source file without any annotation processor and loads it, like a service with no generated code. */
final class PlainCompiler {
  private PlainCompiler() {}

  static Class<?> compile(Path dir, String className, String source) throws IOException, ClassNotFoundException {
    Path file = dir.resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, List.of("-proc:none", "-classpath",
        System.getProperty("java.class.path"), "-d", dir.toString(), file.toString()).toArray(new String[0]));
    if (status != 0) {
      throw new AssertionError("javac failed on " + className);
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, PlainCompiler.class.getClassLoader());
    return Class.forName(className, true, loader);
  }
}
