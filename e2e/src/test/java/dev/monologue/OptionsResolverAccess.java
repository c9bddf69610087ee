package dev.monologue;

import java.nio.file.Path;
import java.util.Map;

/** Lets the end-to-end tests resolve options with their own environment, working, home and /etc directories. */
public final class OptionsResolverAccess {
  private OptionsResolverAccess() {}

  public static MonologueOptions resolve(MonologueOptions explicit, Map<String, String> environment,
      Path workingDirectory, Path home, Path etc) {
    return new OptionsResolver(environment, workingDirectory, home, etc).resolve(explicit);
  }
}
