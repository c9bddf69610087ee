package dev.monologue.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code monologue} command run as a process of its own ({@code java -cp <this test's class path>
 * dev.monologue.cli.Main ...}), with stdout and stderr kept apart, in a working directory and home of the test's
 * choosing and an environment without the tester's own {@code MONOLOGUE_*} variables.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final List<String> out = new ArrayList<>();
  private final List<String> err = new ArrayList<>();
  private final Thread outReader;
  private final Thread errReader;

  private CliProcess(Process process) {
    this.process = process;
    this.outReader = reader(process.getInputStream(), out, "out");
    this.errReader = reader(process.getErrorStream(), err, "err");
  }

  static CliProcess start(Path directory, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Duser.home=" + directory, // no .monologuerc of the tester's home
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith("monologue_"));
    builder.environment().putAll(environment);
    try {
      return new CliProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the monologue command: " + e.getMessage(), e);
    }
  }

  private Thread reader(InputStream in, List<String> lines, String which) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "monologue-cli-" + which);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The exit code, within {@code bound}; once it is returned, every line of output has been read. */
  int awaitExit(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("monologue still running after " + bound + "\n" + this);
    }
    outReader.join(bound.toMillis());
    errReader.join(bound.toMillis());
    return process.exitValue();
  }

  /** Waits until stdout has at least {@code count} lines, within {@code bound}; returns them. */
  List<String> awaitOutLines(int count, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (out) {
      while (out.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("fewer than " + count + " lines on stdout within " + bound + "\n" + this);
        }
        TimeUnit.NANOSECONDS.timedWait(out, left);
      }
      return List.copyOf(out);
    }
  }

  /** The first match of {@code pattern} in a line of stdout, waiting for it within {@code bound}. */
  java.util.regex.Matcher awaitOut(java.util.regex.Pattern pattern, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (out) {
      while (true) {
        for (String line : out) {
          java.util.regex.Matcher m = pattern.matcher(line);
          if (m.find()) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          throw new AssertionError("no line matching /" + pattern + "/ on stdout within " + bound + "\n" + this);
        }
        TimeUnit.NANOSECONDS.timedWait(out, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
  }

  String out() {
    synchronized (out) {
      return String.join("\n", out);
    }
  }

  String err() {
    synchronized (err) {
      return String.join("\n", err);
    }
  }

  /** SIGTERM, as Ctrl-C or a service manager stops it. */
  void terminate() {
    process.destroy();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "stdout:\n" + out() + "\nstderr:\n" + err();
  }
}
