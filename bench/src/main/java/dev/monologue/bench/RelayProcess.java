package dev.monologue.bench;

import dev.monologue.relay.LocalRelay;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;

/**
 * A {@link LocalRelay} in a JVM of its own, for measuring the relay's heap and CPU without the clients' in it.
 * Usage: {@code RelayProcess [ioThreads]}. Prints {@code endpoint <uri>} once listening, then answers lines on
 * stdin: {@code heap} prints {@code heap <bytes used after GC> <open connections>}, {@code cpu} prints
 * {@code cpu <this process's CPU time in ns>}, {@code threads} its threads' CPU by kind ({@link ThreadCpu}),
 * {@code quit} (or end of input) stops it.
 */
public final class RelayProcess {
  private RelayProcess() {}

  public static void main(String[] args) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    int ioThreads = args.length > 0 ? Integer.parseInt(args[0]) : LocalRelay.DEFAULT_IO_THREADS;
    LocalRelay relay = LocalRelay.builder().port(0).ioThreads(ioThreads).build();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      relay.start();
      System.out.println("endpoint " + relay.endpoint());
      System.out.flush();
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        if (line.equals("heap")) {
          System.out.println("heap " + usedAfterGc(memory) + " " + relay.connectionCount());
          System.out.flush();
        } else if (line.equals("cpu")) {
          System.out.println("cpu " + os.getProcessCpuTime());
          System.out.flush();
        } else if (line.equals("threads")) {
          System.out.println("threads " + ThreadCpu.format(ThreadCpu.now()));
          System.out.flush();
        }
      }
    } finally {
      try {
        relay.close();
      } catch (RuntimeException e) {
        // Seen with thousands of connections open: Java-WebSocket's stop() can race its own selector.
        System.err.println("[relay child] LocalRelay.close() failed: " + e);
      }
    }
  }

  /**
   * Heap in use after full collections. System.gc() is a full, stop-the-world collection with G1 (the default here:
   * ExplicitGCInvokesConcurrent is off); a few passes let finalizable and weakly reachable objects go too.
   */
  static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100); // let reference processing and cleaners run between passes
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
