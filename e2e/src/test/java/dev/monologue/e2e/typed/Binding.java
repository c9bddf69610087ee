package dev.monologue.e2e.typed;

/**
 * Which code binds the interface on each side: the classes the processor generated, or the dynamic proxy and
 * reflective skeleton (a client built with {@code generatedClasses(false)}), and the two mixed.
 */
enum Binding {
  GENERATED(true, true),
  FALLBACK(false, false),
  PROXY_TO_GENERATED(false, true),
  GENERATED_TO_REFLECTIVE(true, false);

  /** Whether the calling client uses the generated stub. */
  final boolean generatedStub;
  /** Whether the serving client uses the generated skeleton. */
  final boolean generatedSkeleton;

  Binding(boolean generatedStub, boolean generatedSkeleton) {
    this.generatedStub = generatedStub;
    this.generatedSkeleton = generatedSkeleton;
  }
}
