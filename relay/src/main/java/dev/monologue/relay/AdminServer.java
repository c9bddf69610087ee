package dev.monologue.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's admin port, beside its WebSocket port: {@code /healthz} (200 while the relay accepts connections, 503
 * while it drains or is stopped), {@code /metrics} (Prometheus text through Micrometer), and, when an admin key is
 * set, the status page {@code /status} whose data, {@code /status.json}, needs that key as a bearer token. JDK
 * {@code HttpServer} on one small thread; the key is compared in constant time and never logged.
 */
final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  static final String HEALTH = "/healthz";
  static final String METRICS = "/metrics";
  static final String STATUS = "/status";
  static final String STATUS_JSON = "/status.json";
  private static final String PAGE = "status.html";

  private final LocalRelay relay;
  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** SHA-256 of the admin key, or null when there is none (and no status page). */
  private final byte[] keyDigest;
  private final StatusReport status;
  private final AtomicBoolean draining = new AtomicBoolean();

  /** Binds {@code host:port} (0 for any free port) and serves until closed. */
  AdminServer(LocalRelay relay, String host, int port, String adminKey) {
    this.relay = relay;
    this.keyDigest = adminKey == null ? null : sha256(adminKey);
    this.status = new StatusReport(relay);
    RelayMetrics.bind(relay, registry);
    try {
      this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("the admin port could not listen on " + host + ":" + port + ": "
          + e.getMessage() + "; choose another --admin-port", e);
    }
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "monologue-relay-admin");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://host:port}, with the bound port. */
  URI address() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
  }

  /** From now on {@code /healthz} answers 503, so load balancers send new clients elsewhere. */
  void drain() {
    draining.set(true);
  }

  boolean healthy() {
    return !draining.get() && relay.isAccepting();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "only GET\n");
      } else if (path.equals(HEALTH)) {
        boolean ok = healthy();
        send(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "draining\n");
      } else if (path.equals(METRICS)) {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      } else if (path.equals(STATUS) || path.equals(STATUS_JSON)) {
        if (keyDigest == null) {
          send(exchange, 404, "text/plain", "the status page is off; start the relay with --admin-key\n");
        } else if (path.equals(STATUS)) {
          send(exchange, 200, "text/html; charset=utf-8", page());
        } else if (!authorized(exchange)) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
          send(exchange, 401, "text/plain", "send the admin key as 'Authorization: Bearer KEY'\n");
        } else {
          exchange.getResponseHeaders().set("Cache-Control", "no-store");
          send(exchange, 200, "application/json", status.json());
        }
      } else {
        send(exchange, 404, "text/plain", "not found; try " + HEALTH + ", " + METRICS + " or " + STATUS + "\n");
      }
    } catch (RuntimeException e) {
      log.warn("Admin request {} failed", exchange.getRequestURI().getPath(), e);
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String prefix = "Bearer ";
    if (header == null || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    // Digests have one length: comparing them takes the same time whatever the key, and leaks not its length.
    return MessageDigest.isEqual(keyDigest, sha256(header.substring(prefix.length()).strip()));
  }

  private static String page() throws IOException {
    try (InputStream in = AdminServer.class.getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IOException(PAGE + " is missing from the relay's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    registry.close();
  }
}
