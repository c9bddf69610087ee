package dev.monologue.relay.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.monologue.relay.core.NameRegistry;
import dev.monologue.relay.core.ApiKeyIds;
import dev.monologue.relay.core.ConnectionKeys;
import dev.monologue.relay.core.RelayPolicy;
import dev.monologue.relay.core.Router;
import dev.monologue.wire.ErrorCode;
import dev.monologue.wire.Limits;
import dev.monologue.wire.NameLease;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda function behind the API Gateway WebSocket API: the routes {@code $disconnect}, {@code $default},
 * {@code whoami}, {@code loopback} and {@code sendmessage} come here ({@code $connect} costs no invocation:
 * template.yaml answers it with a mock integration once API Gateway has checked the API key; a connect event that
 * does arrive is answered 200). Messages go through the same {@link Router} as the local relay, delivering with
 * {@code PostToConnection}; a disconnect releases the connection's names and groups.
 *
 * <p>Handler string: {@code dev.monologue.relay.aws.WebSocketHandler::handleRequest}. Environment:
 * {@code MONOLOGUE_MANAGEMENT_ENDPOINT} optionally overrides the {@code @connections} endpoint, which otherwise is
 * {@code https://<domainName>/<stage>} of each event.
 */
public final class WebSocketHandler
    implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
  private static final Logger log = LoggerFactory.getLogger(WebSocketHandler.class);
  /** Names on AWS need a table shared by every Lambda instance; memory would give each instance its own. */
  /** The environment variable holding the relay's policy of API keys (template.yaml's {@code RelayPolicy}). */
  public static final String POLICY_VARIABLE = "MONOLOGUE_RELAY_POLICY";
  static final NameRegistry NO_NAMES = NameRegistry.unavailable("this relay keeps no names: names and groups on"
      + " AWS need the relay's DynamoDB table (" + DynamoNameRegistry.TABLE_VARIABLE + ")");

  private final ManagementClients clients;
  private final NameRegistry names;
  private final RelayPolicy policy;
  private final Duration nameLease;
  /** Each connection's API key, for tenants: kept in the names table, remembered by this instance. */
  private final ConnectionKeys keys;
  private final Map<URI, Router> routers = new ConcurrentHashMap<>();

  /**
   * The constructor Lambda calls: settings from the environment; the SDK client is built here when the endpoint
   * is configured (template.yaml does), else on first use of each endpoint. Registers for SnapStart's hooks.
   * Names live in the table named by {@value DynamoNameRegistry#TABLE_VARIABLE}; without it, name actions are
   * refused with NAMES_UNAVAILABLE. What each API key may do with names is {@value #POLICY_VARIABLE} (JSON, see
   * {@link RelayPolicy#parse}; empty: {@link RelayPolicy#DEFAULT}); a policy that does not parse fails the start.
   */
  public WebSocketHandler() {
    this(ManagementSettings.fromEnvironment(System.getenv()), NameTables.fromEnvironment(System.getenv()),
        RelayPolicy.parse(System.getenv(POLICY_VARIABLE)), NameTables.leaseFromEnvironment(System.getenv()));
    Core.getGlobalContext().register(clients);
  }

  /** A handler reaching {@code @connections} as {@code settings} say, keeping no names. */
  public WebSocketHandler(ManagementSettings settings) {
    this(settings, NO_NAMES);
  }

  /** A handler reaching {@code @connections} as {@code settings} say, with names in {@code names}. */
  public WebSocketHandler(ManagementSettings settings, NameRegistry names) {
    this(settings, names, RelayPolicy.DEFAULT, NameLease.DEFAULT);
  }

  /** As {@link #WebSocketHandler(ManagementSettings, NameRegistry, RelayPolicy, Duration)}, the default lease. */
  public WebSocketHandler(ManagementSettings settings, NameRegistry names, RelayPolicy policy) {
    this(settings, names, policy, NameLease.DEFAULT);
  }

  /** As {@link #WebSocketHandler(ManagementSettings, NameRegistry, RelayPolicy, Duration)}, the default policy. */
  public WebSocketHandler(ManagementSettings settings, NameRegistry names, Duration nameLease) {
    this(settings, names, RelayPolicy.DEFAULT, nameLease);
  }

  /**
   * A handler reaching {@code @connections} as {@code settings} say, with names in {@code names}, each API key's
   * rights as {@code policy} says (a sender's key read from its event's {@code requestContext.identity.apiKey};
   * when the policy has tenants, each connection's key is recorded in the names table from its first message, so a
   * message by ID to another tenant's connection is answered as one to an ID nobody has),
   * and names that a holder loses after {@code nameLease} without sending a message (judged from
   * {@code GET @connections}' {@code lastActiveAt}).
   */
  public WebSocketHandler(ManagementSettings settings, NameRegistry names, RelayPolicy policy, Duration nameLease) {
    this.clients = new ManagementClients(settings);
    this.names = java.util.Objects.requireNonNull(names, "names == null");
    this.policy = java.util.Objects.requireNonNull(policy, "policy == null");
    this.nameLease = java.util.Objects.requireNonNull(nameLease, "nameLease == null");
    this.keys = names instanceof DynamoNameRegistry table ? table.connectionKeys() : ConnectionKeys.UNKNOWN;
    if (policy.hasTenants() && keys == ConnectionKeys.UNKNOWN) {
      log.warn("The relay policy has tenants but the relay keeps no names table: a message by connection ID reaches"
          + " its target whatever its tenant; set " + DynamoNameRegistry.TABLE_VARIABLE);
    }
  }

  /**
   * What SnapStart runs around its snapshot, registered by the constructor Lambda calls: before it, one request
   * primes the {@code @connections} client; after the restore, the retry jitter is drawn afresh.
   */
  public Resource snapStartHooks() {
    return clients;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    APIGatewayV2WebSocketEvent.RequestContext rc = event == null ? null : event.getRequestContext();
    if (rc == null || rc.getConnectionId() == null || rc.getEventType() == null) {
      log.error("Not an API Gateway WebSocket event (no requestContext.connectionId/eventType); is this function"
          + " wired to anything but the WebSocket API's routes?");
      return response(400);
    }
    String connectionId = rc.getConnectionId();
    try (InvocationLogContext ignored = InvocationLogContext.open(connectionId, rc.getRouteKey())) {
      return handle(event, rc, connectionId);
    }
  }

  private APIGatewayV2WebSocketResponse handle(APIGatewayV2WebSocketEvent event,
      APIGatewayV2WebSocketEvent.RequestContext rc, String connectionId) {
    switch (rc.getEventType()) {
      case "CONNECT":
        log.debug("Connection {} connected", connectionId);
        return response(200);
      case "DISCONNECT":
        log.debug("Connection {} disconnected", connectionId);
        try {
          routers.computeIfAbsent(managementEndpoint(rc), this::newRouter).onDisconnect(connectionId);
        } catch (RuntimeException e) {
          // its entries expire on their own; a delivery to it that fails with gone releases them sooner
          log.warn("Could not release the names of disconnected connection {}", connectionId, e);
        }
        return response(200);
      case "MESSAGE":
        break;
      default:
        log.error("Unknown WebSocket eventType '{}' for connection {}", rc.getEventType(), connectionId);
        return response(400);
    }
    Router router;
    try {
      router = routers.computeIfAbsent(managementEndpoint(rc), this::newRouter);
    } catch (RuntimeException e) {
      // no way to answer the sender: API Gateway tells it "Internal server error"
      log.error("No @connections client for connection {} (route {})", connectionId, rc.getRouteKey(), e);
      return response(500);
    }
    String body = event.getBody() == null ? "" : event.getBody();
    try {
      if (event.isIsBase64Encoded()) {
        router.onBinary(connectionId);
      } else {
        // a frame that is not JSON reaches $default and gets a MALFORMED_FRAME error frame from the router
        router.onText(connectionId, ApiKeyIds.of(rc.getIdentity() == null ? null : rc.getIdentity().getApiKey()),
            body);
      }
    } catch (RuntimeException e) {
      // the router and its gateway answer every failure themselves; this is a bug, still owed an answer
      log.error("Could not route a frame from connection {} (route {})", connectionId, rc.getRouteKey(), e);
      router.refuse(connectionId, event.isIsBase64Encoded() ? "" : body, ErrorCode.DELIVERY_FAILED,
          "the relay failed while routing this frame; it may or may not have been delivered");
    }
    return response(200);
  }

  private Router newRouter(URI endpoint) {
    return new Router(new ManagementGateway(clients.client(endpoint), clients.settings().retry(), clients.jitter(),
        clients.fanOuts()), Limits.MAX_MESSAGE_BYTES, names, policy, keys, nameLease);
  }

  private URI managementEndpoint(APIGatewayV2WebSocketEvent.RequestContext rc) {
    URI override = clients.settings().endpointOverride();
    if (override != null) {
      return override;
    }
    if (rc.getDomainName() == null || rc.getStage() == null) {
      throw new IllegalStateException("event has no requestContext.domainName/stage to reach @connections with;"
          + " set " + ManagementSettings.ENDPOINT_VARIABLE);
    }
    return URI.create("https://" + rc.getDomainName() + "/" + rc.getStage());
  }

  private static APIGatewayV2WebSocketResponse response(int status) {
    APIGatewayV2WebSocketResponse r = new APIGatewayV2WebSocketResponse();
    r.setStatusCode(status);
    return r;
  }
}
