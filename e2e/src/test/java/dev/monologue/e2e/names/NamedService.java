package dev.monologue.e2e.names;

import dev.monologue.MonologueService;

/** What the named callees of the names suite serve: which instance answered. */
@MonologueService
public interface NamedService {
  String instance();
}
