package dev.shipproof.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a {@link DockerRegistry} the OCI 1.1 referrers API it lacks: a front on 127.0.0.1 that
 * answers {@code GET /v2/<repo>/referrers/<digest>} with the index the {@link LayoutPusher} stored
 * under the referrers tag (an empty index when there is none) and relays every other GET or HEAD to
 * the registry unchanged. It counts both kinds of request, so a test can tell which path a client
 * took. Optionally it applies the {@code artifactType} filter (answering {@code
 * OCI-Filters-Applied: artifactType}) and splits the list into pages linked by {@code Link: <...>;
 * rel="next"}, as registries with the API do.
 */
public final class ReferrersApiFront implements AutoCloseable {
  private static final Pattern REFERRERS =
      Pattern.compile("/v2/(.+)/referrers/(sha256):([0-9a-f]{64})");
  private static final Pattern TAG_SCHEMA = Pattern.compile("/v2/.+/manifests/sha256-[0-9a-f]{64}");
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerRegistry registry;
  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger referrersCalls = new AtomicInteger();
  private final AtomicInteger tagSchemaReads = new AtomicInteger();
  private final List<String> askedArtifactTypes = new CopyOnWriteArrayList<>();
  private volatile boolean applyFilter;
  private volatile int pageSize;
  private volatile String nextLinkOverride;
  private volatile boolean hideTagSchema;

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

  /** Applies the {@code artifactType} filter from now on, and says so in a header. */
  public ReferrersApiFront applyingArtifactTypeFilter(boolean apply) {
    this.applyFilter = apply;
    return this;
  }

  /** Answers in pages of at most {@code size} referrers (0: one page). */
  public ReferrersApiFront inPagesOf(int size) {
    this.pageSize = size;
    return this;
  }

  /** Puts this URL in every {@code Link: rel="next"} header instead of the real next page. */
  public ReferrersApiFront withNextLink(String url) {
    this.nextLinkOverride = url;
    return this;
  }

  /**
   * Answers 404 to clients asking for a referrers tag schema tag, so that only the API can list the
   * referrers (the front itself still reads the tag to build its answers).
   */
  public ReferrersApiFront hidingTagSchema(boolean hide) {
    this.hideTagSchema = hide;
    return this;
  }

  /** The {@code artifactType} query values received, in order ({@code ""} for none). */
  public List<String> askedArtifactTypes() {
    return List.copyOf(askedArtifactTypes);
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
        send(exchange, 200, page(exchange, path, body));
        return;
      }
      if (TAG_SCHEMA.matcher(path).matches()) {
        tagSchemaReads.incrementAndGet();
        if (hideTagSchema) {
          send(exchange, 404, null);
          return;
        }
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

  /** The filtered page the query asks for, with a next link when more follow. */
  private byte[] page(HttpExchange exchange, String path, byte[] index) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String type = query.getOrDefault("artifactType", "");
    int page = Integer.parseInt(query.getOrDefault("page", "0"));
    if (page == 0) {
      askedArtifactTypes.add(type);
    }
    ObjectNode answer = (ObjectNode) JSON.readTree(index);
    List<JsonNode> entries = new ArrayList<>();
    answer.path("manifests").forEach(entries::add);
    if (applyFilter && !type.isEmpty()) {
      entries.removeIf(e -> !type.equals(e.path("artifactType").asText()));
      exchange.getResponseHeaders().set("OCI-Filters-Applied", "artifactType");
    }
    int size = pageSize > 0 ? pageSize : Math.max(1, entries.size());
    int from = Math.min(entries.size(), page * size);
    int to = Math.min(entries.size(), from + size);
    ArrayNode manifests = answer.putArray("manifests");
    entries.subList(from, to).forEach(manifests::add);
    if (to < entries.size() || nextLinkOverride != null) {
      String next =
          nextLinkOverride != null
              ? nextLinkOverride
              : path
                  + "?artifactType="
                  + URLEncoder.encode(type, StandardCharsets.UTF_8)
                  + "&page="
                  + (page + 1);
      exchange.getResponseHeaders().set("Link", "<" + next + ">; rel=\"next\"");
    }
    return JSON.writeValueAsBytes(answer);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
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
