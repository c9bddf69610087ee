package dev.monologue.standin;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles of the functions template.yaml deploys, one access key each, and the IAM check the stand-in's services
 * make of every request: the caller is found from the {@code Credential=AKID/...} of its SigV4
 * {@code Authorization} header and its role's policy decides. A request signed with a key the stand-in did not issue
 * is a caller from outside the template (a test, a benchmark, an operator with their own credentials) and is not
 * checked, as an administrator's would pass.
 */
final class FunctionRoles {
  /** The relay function's logical ID in template.yaml. */
  static final String RELAY = "RelayFunction";
  /** The queue function's logical ID in template.yaml. */
  static final String QUEUE = "QueueFunction";

  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Za-z0-9]+)/");
  private static final char[] KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private final String stack;
  private final Map<String, FunctionRole> byLogicalId;
  private final Map<String, FunctionRole> byAccessKey = new HashMap<>();

  private FunctionRoles(String stack, Map<String, FunctionRole> byLogicalId) {
    this.stack = stack;
    this.byLogicalId = Map.copyOf(byLogicalId);
    byLogicalId.values().forEach(r -> byAccessKey.put(r.accessKeyId(), r));
  }

  /** A role with fresh credentials for each function of {@code template}, its policy resolved with {@code values}. */
  static FunctionRoles fromTemplate(Path template, TemplateValues values, String stack) {
    SecureRandom random = new SecureRandom();
    Map<String, FunctionRole> roles = new HashMap<>();
    TemplatePolicies.read(template, values).forEach((id, f) -> roles.put(id,
        new FunctionRole(id, f.functionName(), "ASIA" + chars(random, 16), chars(random, 40), f.policy())));
    for (String required : new String[] {RELAY, QUEUE}) {
      if (!roles.containsKey(required)) {
        throw new IllegalStateException(template + " has no AWS::Serverless::Function '" + required + "'");
      }
    }
    return new FunctionRoles(stack, roles);
  }

  /** The role of the function {@code logicalId}. */
  FunctionRole role(String logicalId) {
    FunctionRole r = byLogicalId.get(Objects.requireNonNull(logicalId, "logicalId == null"));
    if (r == null) {
      throw new IllegalArgumentException("no function '" + logicalId + "' in the template; there are "
          + byLogicalId.keySet());
    }
    return r;
  }

  /**
   * IAM's answer to the request signed as {@code authorization} asking {@code action} on {@code resource}: null
   * when allowed (or signed with a key no function has), else the refusal.
   */
  FunctionRole.Refusal check(String authorization, String action, String resource) {
    FunctionRole caller = caller(authorization);
    return caller == null ? null : caller.check(stack, action, resource);
  }

  /** The function whose key signed {@code authorization}, or null. */
  FunctionRole caller(String authorization) {
    if (authorization == null) {
      return null;
    }
    Matcher m = CREDENTIAL.matcher(authorization);
    return m.find() ? byAccessKey.get(m.group(1)) : null;
  }

  private static String chars(SecureRandom random, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = KEY_CHARS[random.nextInt(KEY_CHARS.length)];
    }
    return new String(c);
  }
}
