package dev.monologue.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.monologue.testsupport.TestClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many messages between two clients through the real handler and the {@code @connections} stand-in: every one
 * arrives, once. The rate is logged for comparison between runs; only correctness is asserted, since timing on a
 * shared machine is not a property of the code.
 */
class AwsStandInThroughputTest {
  private static final Logger log = LoggerFactory.getLogger(AwsStandInThroughputTest.class);
  private static final Duration WAIT = Duration.ofSeconds(60);

  private AwsStandIn aws;

  @BeforeEach
  void start() {
    aws = AwsStandIn.builder().concurrency(16).start();
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private static String request(String to, int n) {
    return "{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"type\":\"REQ\",\"token\":\"t" + n
        + "\",\"name\":\"echo\",\"args\":[" + n + "]}}";
  }

  private static String reply(String to, String token) {
    return "{\"action\":\"sendmessage\",\"to\":\"" + to + "\",\"payload\":{\"type\":\"RES\",\"token\":\"" + token
        + "\",\"result\":null}}";
  }

  private static String take(TestClient c) throws InterruptedException {
    String frame = c.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + WAIT);
    }
    return frame;
  }

  /** CPU time of this whole JVM (clients, relay, handler and management API alike); -1 if unknown. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static String token(String frame) {
    int at = frame.indexOf("\"token\":\"") + 9;
    return frame.substring(at, frame.indexOf('"', at));
  }

  @Test
  void sequentialCallsAllComeBack() throws Exception {
    try (TestClient a = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient b = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String aId = a.id();
      String bId = b.id();
      int calls = 50;
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        a.send(request(bId, i));
        String req = take(b);
        assertEquals("t" + i, token(req), req);
        b.send(reply(aId, token(req)));
        String res = take(a);
        assertTrue(res.startsWith("{\"to\":\"" + aId + "\",\"from\":\"" + bId + "\""), res);
        assertEquals("t" + i, token(res), res);
      }
      long micros = (System.nanoTime() - start) / 1000;
      log.info("{} sequential calls (2 invocations each) in {} ms: {} us per call", calls, micros / 1000,
          micros / calls);
    }
  }

  @Test
  void concurrentCallsAllComeBackOnce() throws Exception {
    try (TestClient a = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext());
        TestClient b = TestClient.connect(aws.endpoint(), Map.of(), aws.tls().clientContext())) {
      String aId = a.id();
      String bId = b.id();
      // the first round runs on a cold JVM (interpreted, compiling); the later ones show the steady state
      for (int round = 1; round <= 3; round++) {
        concurrentCalls(round, a, aId, b, bId, 1000);
      }
    }
  }

  private void concurrentCalls(int round, TestClient a, String aId, TestClient b, String bId, int calls)
      throws Exception {
    // b answers every request as it arrives, from its own thread
    Thread answerer = new Thread(() -> {
      try {
        for (int i = 0; i < calls; i++) {
          b.send(reply(aId, token(take(b))));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "answerer");
    answerer.setDaemon(true);
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    answerer.start();
    for (int i = 0; i < calls; i++) {
      a.send(request(bId, i));
    }
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < calls; i++) {
      String res = take(a);
      assertTrue(res.startsWith("{\"to\":\"" + aId + "\",\"from\":\"" + bId + "\""), res);
      assertTrue(tokens.add(token(res)), "twice: " + res);
    }
    long nanos = System.nanoTime() - start;
    long cpuNanos = processCpuNanos() - cpuStart;
    answerer.join(WAIT.toMillis());
    assertEquals(calls, tokens.size());
    assertTrue(a.received.isEmpty() && b.received.isEmpty(), "nothing but the replies arrived");
    log.info("round {}: {} concurrent calls (2 invocations each) in {} ms: {} calls/s, {} us of CPU per call",
        round, calls, nanos / 1_000_000, calls * 1_000_000_000L / nanos, cpuNanos / 1000 / calls);
  }
}
