package dev.monologue.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The stage throttle a deployment of {@code template.yaml} gets without overrides: the {@code Default} of its
 * {@code ThrottlingRateLimit} and {@code ThrottlingBurstLimit} parameters, which the stage's
 * {@code DefaultRouteSettings} use.
 *
 * @param ratePerSecond messages per second, all connections together
 * @param burst the token bucket's size
 */
record TemplateThrottle(double ratePerSecond, int burst) {
  static final String RATE_PARAMETER = "ThrottlingRateLimit";
  static final String BURST_PARAMETER = "ThrottlingBurstLimit";

  /** Reads the parameters' defaults from {@code template}. */
  static TemplateThrottle read(Path template) {
    try {
      JsonNode parameters = new ObjectMapper(new YAMLFactory()).readTree(template.toFile()).path("Parameters");
      return new TemplateThrottle(number(parameters, RATE_PARAMETER, template).doubleValue(),
          number(parameters, BURST_PARAMETER, template).intValue());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + template, e);
    }
  }

  private static Number number(JsonNode parameters, String name, Path template) {
    JsonNode value = parameters.path(name).path("Default");
    if (!value.isNumber() || value.asDouble() <= 0) {
      throw new IllegalStateException(template + " has no positive Parameters." + name + ".Default; give the"
          + " stand-in its stage throttle with AwsStandInBuilder.stageThrottle");
    }
    return value.numberValue();
  }
}
