package dev.monologue.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class run in a JVM of its own, with the test's class path: a relay or a callee that a test can kill for
 * real ({@link #kill()} is SIGKILL on Unix, so no shutdown hook, no close frame, no FIN from a graceful close).
 * Output (stdout and stderr merged) is kept, the last {@value #KEPT_LINES} lines, for {@link #awaitLine} and for
 * failure messages. {@link #close()} kills the child; the child also halts by itself when the test JVM ends
 * ({@link ChildMain}).
 */
public final class ChildJvm implements AutoCloseable {
  static final int KEPT_LINES = 2_000;

  private final Process process;
  private final String name;
  private final Deque<String> lines = new ArrayDeque<>();
  private int linesSeen;
  private volatile boolean readerDone;

  private ChildJvm(Process process, String name) {
    this.process = process;
    this.name = name;
    Thread reader = new Thread(this::readOutput, "child-jvm-output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args}, with a heap of at most 256 MB. */
  public static ChildJvm start(Class<?> mainClass, String... args) {
    return builder(mainClass).args(args).start();
  }

  public static Builder builder(Class<?> mainClass) {
    return new Builder(mainClass.getName());
  }

  /** The child's process ID. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for a line of output matching {@code pattern} (anywhere in the line) and returns its match; fails with
   * the output so far if the child exits first or nothing matches within {@code bound}.
   */
  public Matcher awaitLine(Pattern pattern, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    int checked = 0;
    synchronized (lines) {
      while (true) {
        // lines before the kept window are gone; start from what is still kept
        int first = linesSeen - lines.size();
        int index = 0;
        for (String line : lines) {
          if (first + index++ < checked) {
            continue;
          }
          Matcher m = pattern.matcher(line);
          if (m.find()) {
            return m;
          }
        }
        checked = linesSeen;
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && readerDone)) {
          throw new AssertionError("child " + name + " printed no line matching /" + pattern + "/ within " + bound
              + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; output:\n"
              + output());
        }
        TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
  }

  /** The output kept so far, one line per line. */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /**
   * Kills the child with SIGKILL (on Unix; {@link Process#destroyForcibly()}) and waits for it to be gone, so that
   * its sockets are closed by the kernel, without any goodbye, when this returns.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("child " + name + " still alive " + Awaits.WAIT + " after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while killing child " + name, e);
    }
  }

  /**
   * Stops the child with SIGSTOP: it stays alive and its sockets stay open, but it answers nothing, as a process
   * stalled by a long pause or an overloaded machine. {@link #resume()} lets it go on.
   */
  public void pause() throws InterruptedException {
    signal("STOP");
    // kill returns once the signal is sent; each of the child's threads stops when it next runs in the kernel, and
    // until one of them has taken the signal, the others go on: on a loaded machine, long enough to serve a frame.
    Awaits.eventually("every thread of child " + name + " stopped", this::stopped);
  }

  /** Whether every thread of the child is stopped (or gone), as Linux's /proc says; true where there is none. */
  private boolean stopped() {
    Path tasks = Paths.get("/proc", String.valueOf(process.pid()), "task");
    if (!Files.isDirectory(tasks)) {
      return true; // not Linux: nothing to look at
    }
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        String stat = Files.readString(thread.resolve("stat"));
        char state = stat.charAt(stat.lastIndexOf(')') + 2); // the field after the command name
        if ("TtZX".indexOf(state) < 0) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false; // a thread ended while listed: look again
    }
  }

  /** Continues a child stopped by {@link #pause()} (SIGCONT). */
  public void resume() throws InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws InterruptedException {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
      if (!kill.waitFor(Awaits.WAIT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("could not send SIG" + name + " to child " + this.name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run kill -" + name + ": " + e.getMessage(), e);
    }
  }

  /** The exit code, waiting at most {@code bound} for the child to end. */
  public int awaitExit(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child " + name + " still running after " + bound + "; output:\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lines) {
          if (lines.size() == KEPT_LINES) {
            lines.removeFirst();
          }
          lines.addLast(line);
          linesSeen++;
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the child is gone
    } finally {
      readerDone = true;
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }

  /** Options of a child JVM. */
  public static final class Builder {
    private final String mainClass;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1"));
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String name;

    private Builder(String mainClass) {
      this.mainClass = mainClass;
      this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    public Builder args(String... values) {
      args.addAll(List.of(values));
      return this;
    }

    /** Adds JVM options (e.g. {@code -Xmx64m}, {@code -Dkey=value}); later ones win over the defaults. */
    public Builder jvmOptions(String... values) {
      jvmOptions.addAll(List.of(values));
      return this;
    }

    /** Sets an environment variable of the child (which otherwise inherits this JVM's environment). */
    public Builder environment(String key, String value) {
      environment.put(Objects.requireNonNull(key, "key == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** A name for thread names and failure messages; the main class's simple name by default. */
    public Builder name(String value) {
      name = Objects.requireNonNull(value, "name == null");
      return this;
    }

    public ChildJvm start() {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ChildMain.class.getName());
      command.add(mainClass);
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      try {
        // stdin stays a pipe from this JVM: its end of file tells the child that the test is over
        return new ChildJvm(builder.start(), name);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start child JVM " + name + ": " + e.getMessage(), e);
      }
    }
  }
}
