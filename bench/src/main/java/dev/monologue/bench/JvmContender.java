package dev.monologue.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A contender whose callers are connections in this JVM, opened once and reused by every measurement. */
final class JvmContender implements Contender {
  /** Opens one caller connection. */
  interface Opener {
    Connection open() throws Exception;
  }

  private final String name;
  private final List<Connection> connections = new ArrayList<>();

  JvmContender(String name, Opener opener, int connections) throws Exception {
    this.name = name;
    try {
      for (int i = 0; i < connections; i++) {
        this.connections.add(opener.open());
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Latency.Result latency(int calls) throws Exception {
    return Latency.measure(connections.get(0), calls);
  }

  @Override
  public Throughput.Result throughput(int callers, int inFlight, Duration window) throws InterruptedException {
    if (callers > connections.size()) {
      throw new IllegalArgumentException(name + " has " + connections.size() + " connections, " + callers + " asked");
    }
    return Throughput.measure(name, connections.subList(0, callers), inFlight, window);
  }

  @Override
  public void close() {
    for (Connection c : connections) {
      c.close();
    }
  }
}
