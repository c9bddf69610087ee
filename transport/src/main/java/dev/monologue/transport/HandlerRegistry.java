package dev.monologue.transport;

import dev.monologue.MethodHandler;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The methods this client serves, by wire name, bounded by {@code MonologueOptions.listeners}. */
final class HandlerRegistry {

  /**
   * One served method.
   *
   * @param resultType how to write the result, or null to write it by its runtime class
   * @param owner who registered it, for error messages: {@code on(...)} or a service name
   */
  record Registration(String name, MethodHandler handler, Type resultType, String owner) {}

  private final ConcurrentHashMap<String, Registration> byName = new ConcurrentHashMap<>();
  private final int limit;

  HandlerRegistry(int limit) {
    this.limit = limit;
  }

  Registration get(String name) {
    return byName.get(name);
  }

  int size() {
    return byName.size();
  }

  /** Adds all of {@code registrations} or, when one name is taken or the limit would be passed, none. */
  synchronized void addAll(List<Registration> registrations) {
    Set<String> seen = new HashSet<>();
    for (Registration r : registrations) {
      Registration existing = byName.get(r.name());
      if (existing != null) {
        throw new IllegalStateException("Method '" + r.name() + "' is already registered by " + existing.owner()
            + "; " + r.owner() + " cannot register it too. Each wire name has one handler: rename one of them"
            + " (@MonologueMethod or @MonologueService sets the wire name).");
      }
      if (!seen.add(r.name())) {
        throw new IllegalStateException("Method '" + r.name() + "' appears twice in " + r.owner()
            + ". Give each method its own wire name.");
      }
    }
    if (byName.size() + registrations.size() > limit) {
      throw new IllegalStateException("Cannot register " + describe(registrations) + ": " + byName.size()
          + " of at most " + limit + " methods are registered already. Raise the limit with"
          + " MonologueOptions.builder().listeners(n) or MONOLOGUE_LISTENERS.");
    }
    for (Registration r : registrations) {
      byName.put(r.name(), r);
    }
  }

  private static String describe(List<Registration> registrations) {
    if (registrations.size() == 1) {
      return "'" + registrations.get(0).name() + "'";
    }
    return registrations.size() + " methods of " + registrations.get(0).owner();
  }
}
