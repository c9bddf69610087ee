package dev.monologue.e2e.typed;

import dev.monologue.MonologueMethod;
import dev.monologue.MonologueService;

/** Describes a string-named method, as served with {@code on("sample-method", ...)}. */
@MonologueService
public interface LegacyService {
  @MonologueMethod("sample-method")
  String sample(String text, int times);
}
