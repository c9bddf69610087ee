package dev.monologue.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path this code was loaded from, for starting child JVMs. Under {@code mvn exec:java} that is the
 * plugin's class loader, not {@code java.class.path} (which then names Maven's own launcher).
 */
final class Classpath {
  private Classpath() {}

  static String current() {
    Set<String> entries = new LinkedHashSet<>();
    for (ClassLoader l = Classpath.class.getClassLoader(); l != null; l = l.getParent()) {
      if (l instanceof URLClassLoader u) {
        for (URL url : u.getURLs()) {
          try {
            entries.add(Path.of(url.toURI()).toString());
          } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file: cannot go on a command line anyway
          }
        }
      }
    }
    if (entries.isEmpty()) {
      return System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The java launcher of this JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
