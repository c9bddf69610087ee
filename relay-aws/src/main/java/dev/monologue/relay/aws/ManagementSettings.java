package dev.monologue.relay.aws;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where and how the handlers reach API Gateway's {@code @connections} management API.
 *
 * @param endpointOverride the management endpoint ({@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}
 *     or a local stand-in); null to take it from each WebSocket event's domain name and stage
 * @param region the signing region; null for the SDK's default (in Lambda, {@code AWS_REGION})
 * @param credentials null for the SDK's default chain (in Lambda, also under SnapStart, where credentials come
 *     from the container endpoint rather than environment variables)
 * @param retry how throttled and failed posts are retried
 */
public record ManagementSettings(URI endpointOverride, Region region, AwsCredentialsProvider credentials, RetryPolicy retry) {
  /** The environment variable that sets {@link #endpointOverride}. */
  public static final String ENDPOINT_VARIABLE = "MONOLOGUE_MANAGEMENT_ENDPOINT";

  public ManagementSettings {
    Objects.requireNonNull(retry, "retry == null");
    if (endpointOverride != null && (endpointOverride.getScheme() == null || endpointOverride.getHost() == null)) {
      throw new IllegalArgumentException("management endpoint must be an absolute http(s) URL such as"
          + " https://abc123.execute-api.eu-west-1.amazonaws.com/prod, was " + endpointOverride);
    }
  }

  /** Settings from a Lambda environment: {@value #ENDPOINT_VARIABLE} and {@code AWS_REGION}, both optional. */
  public static ManagementSettings fromEnvironment(Map<String, String> env) {
    String endpoint = env.get(ENDPOINT_VARIABLE);
    String region = env.get("AWS_REGION");
    URI uri;
    try {
      uri = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENDPOINT_VARIABLE + " is not a URL: '" + endpoint + "'", e);
    }
    // An explicit region spares the SDK its provider chain (profile files, instance metadata) at cold start.
    return new ManagementSettings(uri, region == null || region.isBlank() ? null : Region.of(region.strip()),
        null, RetryPolicy.DEFAULT);
  }
}
