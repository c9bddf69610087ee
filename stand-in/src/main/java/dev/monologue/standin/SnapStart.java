package dev.monologue.standin;

import org.crac.Resource;

/** What Lambda SnapStart does to a function's hooks before its snapshot, as the stand-in imitates it. */
final class SnapStart {
  private SnapStart() {}

  /** Runs {@code hooks}' {@code beforeCheckpoint}, as SnapStart does once the function is constructed. */
  static void beforeSnapshot(Resource hooks) {
    try {
      hooks.beforeCheckpoint(null);
    } catch (Exception e) {
      throw new IllegalStateException("a function's SnapStart hook failed before the snapshot: " + e, e);
    }
  }
}
