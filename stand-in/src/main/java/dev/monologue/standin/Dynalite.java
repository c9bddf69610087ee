package dev.monologue.standin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * dynalite (npm {@code dynalite} 4.0.0, Apache-2.0): the real DynamoDB JSON API, in memory, in a Node child process
 * on a free loopback port, for the stand-in's names table ({@link StandInMain} starts one) and for tests. The package
 * is pinned in {@code stand-in/dynalite/package-lock.json} and installed there with {@code npm ci} on first use, so a
 * clean machine needs only Node and npm. {@link #close()} ends the process; it also ends by itself when its standard
 * input closes, that is when the JVM that started it dies.
 */
public final class Dynalite implements AutoCloseable {
  /** How long {@code npm ci} may take on a slow network. */
  private static final Duration INSTALL = Duration.ofMinutes(5);
  private static final Duration START = Duration.ofSeconds(30);

  private final Process process;
  private final URI endpoint;

  private Dynalite(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Installs dynalite if needed and starts it; its endpoint is {@link #endpoint()}. */
  public static Dynalite start() {
    Path dir = packageDir();
    try {
      installIfMissing(dir);
      Path log = Files.createTempFile("dynalite", ".log");
      Process p = new ProcessBuilder("node", "start.js").directory(dir.toFile())
          .redirectError(log.toFile()).start();
      CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
        try {
          return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      String line;
      try {
        line = firstLine.get(START.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        line = null;
      }
      if (line == null || !line.startsWith("listening ")) {
        p.destroyForcibly();
        throw new IllegalStateException("dynalite did not start within " + START + " (first line: " + line
            + "); its errors: " + Files.readString(log));
      }
      return new Dynalite(p, URI.create("http://127.0.0.1:" + Integer.parseInt(line.substring(10).strip())));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start dynalite in " + dir + "; are node and npm installed?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting dynalite", e);
    }
  }

  /** Where DynamoDB clients send requests: {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Whether its process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Whether a {@code node} executable is on the {@code PATH}: without it, {@link #start()} cannot work. */
  public static boolean nodeOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && (Files.isExecutable(Paths.get(dir, "node")) || Files.isExecutable(Paths.get(dir, "node.exe")))) {
        return true;
      }
    }
    return false;
  }

  /** {@code stand-in/dynalite}, found from the working directory (a module's, or the repository's). */
  private static Path packageDir() {
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("stand-in").resolve("dynalite");
      if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("stand-in/dynalite/package-lock.json not found above "
        + Paths.get("").toAbsolutePath());
  }

  /** {@code npm ci} once; a file lock keeps concurrent test JVMs from installing over each other. */
  private static void installIfMissing(Path dir) throws IOException, InterruptedException {
    Path marker = dir.resolve("node_modules").resolve("dynalite").resolve("package.json");
    if (Files.isRegularFile(marker)) {
      return;
    }
    try (FileChannel lockFile = FileChannel.open(dir.resolve(".install.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
      if (Files.isRegularFile(marker)) {
        return;
      }
      Path log = Files.createTempFile("npm-ci", ".log");
      Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"))
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!npm.waitFor(INSTALL.toMillis(), TimeUnit.MILLISECONDS)) {
        npm.destroyForcibly();
        throw new IllegalStateException("npm ci in " + dir + " took over " + INSTALL + ": " + Files.readString(log));
      }
      if (npm.exitValue() != 0 || !Files.isRegularFile(marker)) {
        throw new IllegalStateException("npm ci in " + dir + " failed (exit " + npm.exitValue() + "): "
            + Files.readString(log));
      }
    }
  }
}
