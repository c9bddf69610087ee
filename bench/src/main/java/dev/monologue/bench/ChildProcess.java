package dev.monologue.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process the benchmark talks to in lines: commands on its standard input, answers on its standard output
 * (its standard error goes to ours). Every child in the benchmark exits when its standard input ends, so that none
 * outlives the benchmark even when it dies.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final PrintStream commands;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::pump, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildProcess start(String name, List<String> command, Path directory) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    return new ChildProcess(name, pb.start());
  }

  /** A JVM on this benchmark's class path running {@code main}. */
  static ChildProcess java(String name, List<String> jvmOptions, Class<?> main, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Classpath.java());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(Classpath.current());
    command.add(main.getName());
    command.addAll(List.of(args));
    return start(name, command, null);
  }

  void send(String command) {
    commands.println(command);
  }

  /** The next line that starts with {@code word}, split on spaces; lines before it are dropped. */
  String[] expect(String word, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException(name + " did not answer '" + word + "' within " + bound.toSeconds() + " s");
      }
      if (line.equals("<eof>")) {
        lines.add(line);
        throw new IllegalStateException(name + " exited before answering '" + word + "'");
      }
      if (line.startsWith("error ")) {
        throw new IllegalStateException(name + ": " + line.substring(6));
      }
      if (line.startsWith(word + " ")) {
        return line.split(" ", -1);
      }
    }
  }

  /** Asks it to quit (or closes its input), then ends it if it has not exited within a bound. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    commands.println("quit");
    commands.close();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the child is gone; expect() reports it
    }
    lines.add("<eof>");
  }
}
