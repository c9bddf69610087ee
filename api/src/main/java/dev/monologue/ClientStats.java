package dev.monologue;

/** Counts a client keeps, read live (each call of a method reads the count now): what gauges are made of. */
public interface ClientStats {

  /** Calls and fan-outs awaiting their replies, each holding a slot of {@link MonologueOptions#maxCallsInFlight()}. */
  int callsInFlight();

  /** Incoming calls waiting for a handler thread (bounded by {@link MonologueOptions#maxQueuedHandlerCalls()}). */
  int queuedHandlerCalls();
}
