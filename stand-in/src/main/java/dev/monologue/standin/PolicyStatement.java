package dev.monologue.standin;

import java.util.List;
import java.util.Objects;

/**
 * One statement of an IAM identity policy as template.yaml writes it: {@code Effect}, {@code Action} and
 * {@code Resource}, each action and resource an IAM pattern ({@link IamWildcard}).
 *
 * @param effect {@code Allow} or {@code Deny}
 * @param actions such as {@code dynamodb:GetItem} or {@code execute-api:*}; at least one
 * @param resources ARNs such as {@code arn:aws:dynamodb:us-east-1:123456789012:table/t} or {@code *}; at least one
 */
record PolicyStatement(Effect effect, List<String> actions, List<String> resources) {
  /** What a matching statement does. */
  enum Effect {
    ALLOW,
    DENY
  }

  PolicyStatement {
    Objects.requireNonNull(effect, "effect == null");
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    if (actions.isEmpty() || resources.isEmpty()) {
      throw new IllegalArgumentException("a statement needs at least one action and one resource, was " + actions
          + " on " + resources);
    }
  }

  /** Whether this statement speaks of {@code action} on {@code resource}. */
  boolean covers(String action, String resource) {
    return actions.stream().anyMatch(a -> IamWildcard.matches(a, action, true))
        && resources.stream().anyMatch(r -> IamWildcard.matches(r, resource, false));
  }
}
