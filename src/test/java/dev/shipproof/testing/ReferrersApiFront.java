package dev.shipproof.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a {@link DockerRegistry} the OCI 1.1 referrers API it lacks: a front on 127.0.0.1 that
 * answers {@code GET /v2/<repo>/referrers/<digest>} with the index the {@link LayoutPusher} stored
 * under the referrers tag (an empty index when there is none) and relays every other GET or HEAD to
 * the registry unchanged. It counts both kinds of request, so a test can tell which path a client
 * took.
 */
public final class ReferrersApiFront implements AutoCloseable {
  private static final Pattern REFERRERS =
      Pattern.compile("/v2/(.+)/referrers/(sha256):([0-9a-f]{64})");
  private static final Pattern TAG_SCHEMA = Pattern.compile("/v2/.+/manifests/sha256-[0-9a-f]{64}");
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  private final DockerRegistry registry;
  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger referrersCalls = new AtomicInteger();
  private final AtomicInteger tagSchemaReads = new AtomicInteger();

  private ReferrersApiFront(DockerRegistry registry) throws IOException {
    this.registry = registry;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a front for {@code registry} on a free port. */
  public static ReferrersApiFront before(DockerRegistry registry) throws IOException {
    return new ReferrersApiFront(registry);
  }

  /** {@code 127.0.0.1:<port>} of the front. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many referrers API requests were answered. */
  public int referrersCalls() {
    return referrersCalls.get();
  }

  /** How many requests asked for a referrers tag schema tag ({@code sha256-<hex>}). */
  public int tagSchemaReads() {
    return tagSchemaReads.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Matcher referrers = REFERRERS.matcher(path);
      if (referrers.matches()) {
        referrersCalls.incrementAndGet();
        String tag = referrers.group(2) + "-" + referrers.group(3);
        HttpResponse<byte[]> stored =
            upstream("GET", "/v2/" + referrers.group(1) + "/manifests/" + tag, OCI_INDEX);
        byte[] body =
            stored.statusCode() == 200
                ? stored.body()
                : ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", OCI_INDEX);
        send(exchange, 200, body);
        return;
      }
      if (TAG_SCHEMA.matcher(path).matches()) {
        tagSchemaReads.incrementAndGet();
      }
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      HttpResponse<byte[]> response =
          upstream(exchange.getRequestMethod(), path, accept == null ? "*/*" : accept);
      for (String header : new String[] {"Content-Type", "Docker-Content-Digest"}) {
        response
            .headers()
            .firstValue(header)
            .ifPresent(v -> exchange.getResponseHeaders().set(header, v));
      }
      send(
          exchange,
          response.statusCode(),
          exchange.getRequestMethod().equals("HEAD") ? null : response.body());
    }
  }

  private HttpResponse<byte[]> upstream(String method, String path, String accept)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(registry.baseUri() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(30));
    if (registry.authorizationHeader() != null) {
      request.header("Authorization", registry.authorizationHeader());
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (body == null || body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
