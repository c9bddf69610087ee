package dev.monologue.standin;

import java.util.List;

/**
 * The identity policy of one function's role, as IAM evaluates it for a request: an explicit {@code Deny} that
 * covers the request wins, else an {@code Allow} that covers it allows, else the request is denied (no statement
 * allows it). Resource policies, permission boundaries and conditions are not modelled: template.yaml uses none.
 */
record IamPolicy(List<PolicyStatement> statements) {
  /** IAM's answer to one request. */
  enum Decision {
    ALLOWED,
    /** No statement allows it: {@code because no identity-based policy allows the ... action}. */
    IMPLICITLY_DENIED,
    /** A {@code Deny} statement covers it: {@code with an explicit deny}. */
    EXPLICITLY_DENIED
  }

  IamPolicy {
    statements = List.copyOf(statements);
  }

  Decision decide(String action, String resource) {
    boolean allowed = false;
    for (PolicyStatement s : statements) {
      if (s.covers(action, resource)) {
        if (s.effect() == PolicyStatement.Effect.DENY) {
          return Decision.EXPLICITLY_DENIED;
        }
        allowed = true;
      }
    }
    return allowed ? Decision.ALLOWED : Decision.IMPLICITLY_DENIED;
  }
}
