package dev.monologue.spring;

import dev.monologue.Monologue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * Makes stubs of the application's client into beans, by address:
 *
 * <pre>
 * &#64;Bean Billing billing(MonologueStubs stubs) { return stubs.to("billing", Billing.class); }     // ID or name
 * &#64;Bean Worker workers(MonologueStubs stubs) { return stubs.anyOf("workers", Worker.class); }   // one member
 * </pre>
 *
 * <p>A stub made here is never served by the application, although it implements a {@code @MonologueService}
 * interface: only the other beans that do are registered on the client.
 */
public final class MonologueStubs {
  private final Monologue monologue;
  private final Set<Object> made = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  MonologueStubs(Monologue monologue) {
    this.monologue = Objects.requireNonNull(monologue, "monologue == null");
  }

  /** A stub of {@code service} that calls the machine with the connection ID or claimed name {@code idOrName}. */
  public <T> T to(String idOrName, Class<T> service) {
    Objects.requireNonNull(idOrName, "idOrName == null");
    return remember(monologue.stub(idOrName, service));
  }

  /** A stub of {@code service} whose every call goes to one live member of {@code group}. */
  public <T> T anyOf(String group, Class<T> service) {
    Objects.requireNonNull(group, "group == null");
    return remember(monologue.stubAny(group, service));
  }

  /** Whether {@code bean} is a stub made here. */
  boolean made(Object bean) {
    return made.contains(bean);
  }

  private <T> T remember(T stub) {
    made.add(stub);
    return stub;
  }
}
