package dev.monologue.spring;

import dev.monologue.MonologueService;

/** The service the tests serve from a context and call from a plain client, or the other way round. */
@MonologueService
public interface Ledger {
  String total(String month);
}
