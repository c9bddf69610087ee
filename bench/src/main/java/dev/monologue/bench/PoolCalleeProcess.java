package dev.monologue.bench;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;

/**
 * One callee on a chosen handler executor, for comparing executors ({@link PoolBench}): {@code pool}, the pool a
 * client owns when given none; {@code forkjoin-N}, a {@link ForkJoinPool} of parallelism N in FIFO mode, whose
 * threads a blocking wait in our code compensates through {@link ForkJoinPool#managedBlock}. It serves the typed
 * echo, {@code sleep} (a handler blocked in user code for {@link #SLEEP_MILLIS} ms, as a JDBC call would be, which
 * no pool can see) and {@code nested} (a handler that makes a blocking typed call to this callee's own echo, so its
 * reply needs another handler thread of the same executor). Prints {@code callee <id>}, then answers {@code cpu}
 * ({@code cpu <process CPU ns> <live threads>}) and {@code threads} (CPU by kind of thread, see {@link ThreadCpu});
 * stops on {@code quit} or end of input. Usage: {@code PoolCalleeProcess <relay endpoint> <executor>}.
 */
public final class PoolCalleeProcess {
  static final long SLEEP_MILLIS = 5;

  private PoolCalleeProcess() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    ExecutorService executor = executor(args[1]);
    MonologueOptions.Builder options = MonologueOptions.builder().endpoint(endpoint).timeout(Bench.CALL_BOUND);
    if (executor != null) {
      options.handlerExecutor(executor);
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Monologue client = Monologue.create(options.build());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String id = client.connect();
      client.register(EchoService.class, new EchoService.Echo());
      client.on("sleep", arguments -> {
        Thread.sleep(SLEEP_MILLIS);
        return arguments.get(0, String.class);
      });
      EchoService self = client.stub(id, EchoService.class);
      client.on("nested", arguments -> self.echo(arguments.get(0, String.class)));
      System.out.println("callee " + id);
      System.out.flush();
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        if (line.equals("cpu")) {
          System.out.println("cpu " + os.getProcessCpuTime() + " " + Thread.activeCount());
        } else if (line.equals("threads")) {
          System.out.println("threads " + ThreadCpu.format(ThreadCpu.now()));
        }
        System.out.flush();
      }
    } finally {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  private static ExecutorService executor(String name) {
    if (name.equals("pool")) {
      return null;
    }
    if (name.startsWith("forkjoin-")) {
      int parallelism = Integer.parseInt(name.substring("forkjoin-".length()));
      return new ForkJoinPool(parallelism, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
    }
    throw new IllegalArgumentException("executor is pool or forkjoin-N, not " + name);
  }
}
