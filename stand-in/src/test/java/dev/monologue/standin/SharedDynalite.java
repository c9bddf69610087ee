package dev.monologue.standin;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One dynalite (a real DynamoDB API) for all the tests of a class, started before the first and closed after the
 * last: {@code @RegisterExtension static final SharedDynalite dynalite = new SharedDynalite();}.
 */
final class SharedDynalite implements BeforeAllCallback, AfterAllCallback {
  private Dynalite dynalite;

  @Override
  public void beforeAll(ExtensionContext context) {
    dynalite = Dynalite.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (dynalite != null) {
      dynalite.close();
      dynalite = null;
    }
  }

  /** Where the running dynalite answers. */
  URI endpoint() {
    if (dynalite == null) {
      throw new IllegalStateException("dynalite is not running: register this as a static @RegisterExtension field");
    }
    return dynalite.endpoint();
  }
}
