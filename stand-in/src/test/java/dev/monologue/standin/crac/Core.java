package dev.monologue.standin.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * A checkpoint/restore runtime for a JVM that has none, in the shape org.crac delegates to when the system property
 * {@code org.crac.Core.Compat} names this package: what a resource registers through
 * {@code org.crac.Core.getGlobalContext().register(...)} lands here, and {@link #checkpointRestore()} runs the hooks as
 * Lambda SnapStart does around its snapshot (before the checkpoint in reverse order of registration, after the
 * restore in order). Only for a JVM of its own: org.crac reads the property once.
 */
public final class Core {
  private static final List<Resource> REGISTERED = new ArrayList<>();
  private static final Context<Resource> GLOBAL = new Context<>() {
    @Override
    public void register(Resource resource) {
      synchronized (REGISTERED) {
        REGISTERED.add(resource);
      }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
      throw new UnsupportedOperationException("the global context is not itself checkpointed");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      throw new UnsupportedOperationException("the global context is not itself restored");
    }
  };

  private Core() {}

  public static Context<Resource> getGlobalContext() {
    return GLOBAL;
  }

  /** Runs every registered resource's hooks, as around a snapshot. */
  public static void checkpointRestore() throws CheckpointException, RestoreException {
    List<Resource> resources;
    synchronized (REGISTERED) {
      resources = List.copyOf(REGISTERED);
    }
    try {
      for (int i = resources.size() - 1; i >= 0; i--) {
        resources.get(i).beforeCheckpoint(GLOBAL);
      }
      for (Resource r : resources) {
        r.afterRestore(GLOBAL);
      }
    } catch (Exception e) {
      throw new IllegalStateException("a resource's hook failed", e);
    }
  }

  /** How many resources have registered. */
  public static int registered() {
    synchronized (REGISTERED) {
      return REGISTERED.size();
    }
  }
}
