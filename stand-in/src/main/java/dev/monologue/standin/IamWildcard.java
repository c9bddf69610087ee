package dev.monologue.standin;

/**
 * IAM's wildcard matching of actions and ARNs in a policy: {@code *} stands for any run of characters (also none,
 * also across {@code /} and {@code :}), {@code ?} for exactly one; nothing else is special. Action names compare
 * case-insensitively ({@code DynamoDB:getitem} is {@code dynamodb:GetItem}), resources exactly.
 */
final class IamWildcard {
  private IamWildcard() {}

  /** Whether {@code value} matches {@code pattern}. */
  static boolean matches(String pattern, String value, boolean ignoreCase) {
    // iterative glob with backtracking to the last '*': linear in practice, no regex to escape
    int p = 0;
    int v = 0;
    int star = -1;
    int resume = 0;
    while (v < value.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = v;
      } else if (p < pattern.length()
          && (pattern.charAt(p) == '?' || same(pattern.charAt(p), value.charAt(v), ignoreCase))) {
        p++;
        v++;
      } else if (star >= 0) {
        p = star + 1;
        v = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
  }
}
