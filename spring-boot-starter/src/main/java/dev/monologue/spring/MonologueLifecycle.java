package dev.monologue.spring;

import dev.monologue.Monologue;
import dev.monologue.MonologueOptions;
import dev.monologue.MonologueService;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * Serves the application's {@code @MonologueService} beans, connects the client (claiming the configured names and
 * joining the groups) when the application starts, and closes it when the application stops. A relay that cannot be
 * reached or a claim the relay refuses fails the application's startup.
 *
 * <p>Runs in an early phase, so the client is connected before a web server takes requests (which may call
 * remotes), and closes after the web server stopped.
 */
final class MonologueLifecycle implements SmartLifecycle {
  /** Before the web server's start ({@code DEFAULT_PHASE - 1024}) and graceful shutdown. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final Monologue monologue;
  private final MonologueOptions options;
  private final ListableBeanFactory beans;
  private final MonologueStubs stubs;
  private final MonologueConnectionState state;
  private volatile boolean running;

  MonologueLifecycle(Monologue monologue, MonologueOptions options, ListableBeanFactory beans, MonologueStubs stubs,
      MonologueConnectionState state) {
    this.monologue = Objects.requireNonNull(monologue, "monologue == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.beans = Objects.requireNonNull(beans, "beans == null");
    this.stubs = Objects.requireNonNull(stubs, "stubs == null");
    this.state = Objects.requireNonNull(state, "state == null");
  }

  @Override
  public void start() {
    registerServices();
    // here rather than in the options, so that an application's own MonologueOptions or Monologue bean is watched too
    monologue.addConnectionListener(state.listener());
    String id;
    try {
      id = monologue.connect();
    } catch (RuntimeException e) {
      monologue.close();
      state.closed();
      throw new IllegalStateException("The Monologue client did not start: " + e.getMessage() + " (names "
          + options.names() + ", groups " + options.groups() + "; set monologue.endpoint, monologue.names and"
          + " monologue.groups, or MONOLOGUE_ENDPOINT or .monologuerc)", e);
    }
    state.connected(id);
    running = true;
  }

  /** Registers every bean that implements a {@code @MonologueService} interface, except the stubs. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void registerServices() {
    Map<String, Object> candidates = beans.getBeansWithAnnotation(MonologueService.class);
    for (Map.Entry<String, Object> e : candidates.entrySet()) {
      Object bean = e.getValue();
      if (stubs.made(bean) || bean == monologue) {
        continue;
      }
      for (Class<?> service : ClassUtils.getAllInterfacesForClassAsSet(bean.getClass())) {
        if (!service.isAnnotationPresent(MonologueService.class)) {
          continue;
        }
        try {
          monologue.register((Class) service, bean);
        } catch (RuntimeException failure) {
          throw new IllegalStateException("The bean '" + e.getKey() + "' cannot serve " + service.getName() + ": "
              + failure.getMessage(), failure);
        }
      }
    }
  }

  @Override
  public void stop() {
    running = false;
    state.closed();
    monologue.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
