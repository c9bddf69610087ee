package dev.monologue.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes {@code template.yaml} answers with a MOCK integration, read from the template itself: for each, the
 * response API Gateway sends the client when the route is two-way (a {@code RouteResponse} and a {@code $default}
 * {@code IntegrationResponse} with a response template), or none ({@code $connect}). The response template is
 * rendered as API Gateway renders it, for the {@code $context} variables a WebSocket mapping template can read; a
 * template using anything else fails loudly rather than answering something AWS would not.
 */
final class TemplateMockRoutes {
  private static final Pattern CONTEXT = Pattern.compile("\\$\\{context\\.(\\w+)}|\\$context\\.(\\w+)");

  /** Route key → response template, null for a one-way route. */
  private final Map<String, String> responses;

  private TemplateMockRoutes(Map<String, String> responses) {
    this.responses = responses;
  }

  /** Reads {@code template.yaml}, found from the working directory upward. */
  static TemplateMockRoutes read() {
    return read(CfnYaml.findTemplate());
  }

  /** Reads {@code template}. */
  static TemplateMockRoutes read(Path template) {
    JsonNode resources;
    try {
      // short-form tags (!Ref, !Sub) read as their plain values: a Ref's target, a Sub's string
      resources = new ObjectMapper(new YAMLFactory()).readTree(template.toFile()).path("Resources");
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + template, e);
    }
    Map<String, String> integrationTemplates = new HashMap<>();
    Set<String> mockIntegrations = new java.util.HashSet<>();
    Map<String, String> routeResponses = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue().path("Properties");
      switch (e.getValue().path("Type").asText()) {
        case "AWS::ApiGatewayV2::Integration" -> {
          if (p.path("IntegrationType").asText().equals("MOCK")) {
            mockIntegrations.add(e.getKey());
          }
        }
        case "AWS::ApiGatewayV2::IntegrationResponse" -> {
          if (p.path("IntegrationResponseKey").asText().equals("$default")) {
            integrationTemplates.put(p.path("IntegrationId").asText(), p.path("ResponseTemplates").path("$default")
                .asText(null));
          }
        }
        case "AWS::ApiGatewayV2::RouteResponse" -> routeResponses.put(p.path("RouteId").asText(),
            p.path("RouteResponseKey").asText());
        default -> { }
      }
    }
    Map<String, String> responses = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().path("Type").asText().equals("AWS::ApiGatewayV2::Route")) {
        continue;
      }
      JsonNode p = e.getValue().path("Properties");
      String target = p.path("Target").asText();
      String integration = target.startsWith("integrations/${") && target.endsWith("}")
          ? target.substring("integrations/${".length(), target.length() - 1) : null;
      if (!mockIntegrations.contains(integration)) {
        continue;
      }
      boolean twoWay = routeResponses.containsKey(e.getKey());
      String response = twoWay ? integrationTemplates.get(integration) : null;
      if (twoWay && response == null) {
        throw new IllegalStateException(template + ": route " + e.getKey() + " has a route response but its MOCK"
            + " integration " + integration + " no $default integration response template");
      }
      responses.put(p.path("RouteKey").asText(), response);
    }
    return new TemplateMockRoutes(responses);
  }

  /** The route keys answered by a mock. */
  Set<String> routeKeys() {
    return Set.copyOf(responses.keySet());
  }

  boolean mocks(String routeKey) {
    return responses.containsKey(routeKey);
  }

  /**
   * What API Gateway sends back on {@code routeKey}: its response template rendered with {@code context} (the
   * {@code $context} variables by name), or null for a one-way route.
   */
  String answer(String routeKey, Map<String, String> context) {
    String template = responses.get(routeKey);
    if (template == null) {
      return null;
    }
    Matcher m = CONTEXT.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = context.get(name);
      if (value == null) {
        throw new IllegalStateException("the response template of route " + routeKey + " reads $context." + name
            + ", which the stand-in does not provide; it provides " + context.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (out.indexOf("$") >= 0 || out.indexOf("#") >= 0) {
      throw new IllegalStateException("the response template of route " + routeKey + " uses template language the"
          + " stand-in does not render: " + template);
    }
    return out.toString();
  }
}
