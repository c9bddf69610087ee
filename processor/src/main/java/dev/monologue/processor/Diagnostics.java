package dev.monologue.processor;

import dev.monologue.runtime.TypeRules;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports errors as {@code [Monologue/Key] what is wrong. what to do.} and counts them. */
final class Diagnostics {
  private final Messager messager;
  private int errors;

  Diagnostics(Messager messager) {
    this.messager = messager;
  }

  void error(Element element, String key, String message) {
    errors++;
    messager.printMessage(Diagnostic.Kind.ERROR, TypeRules.tagged(key, message), element);
  }

  int errorCount() {
    return errors;
  }
}
