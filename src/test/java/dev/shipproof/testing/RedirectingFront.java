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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry that keeps its blobs elsewhere, as registries backed by object storage do: a front on
 * 127.0.0.1 that demands basic auth for every {@code /v2/} request and relays it to an open {@link
 * DockerRegistry}, except blob GETs, which it answers with {@code 307} to a second server on
 * another 127.0.0.1 port (another origin). The storage server records every {@code Authorization}
 * header it receives. In challenge mode it first answers a blob GET with {@code 401} and a Bearer
 * challenge whose realm is its own {@code /token}, as a hostile storage host might, to see whether
 * the client sends the registry's credentials there.
 */
public final class RedirectingFront implements AutoCloseable {
  private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");

  private final DockerRegistry registry;
  private final String expectedAuthorization;
  private final HttpServer front;
  private final HttpServer storage;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> storageAuthorizations = new CopyOnWriteArrayList<>();
  private volatile boolean challenge;
  private volatile boolean tokenAuth;
  private final List<String> frontTokenRequests = new CopyOnWriteArrayList<>();

  private RedirectingFront(DockerRegistry registry, String expectedAuthorization)
      throws IOException {
    this.registry = registry;
    this.expectedAuthorization = expectedAuthorization;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.front = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    this.storage = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    front.createContext("/", this::handleFront);
    storage.createContext("/", this::handleStorage);
    front.start();
    storage.start();
  }

  /**
   * A front for {@code registry} that accepts only {@code expectedAuthorization} (e.g. {@code Basic
   * ...}).
   */
  public static RedirectingFront before(DockerRegistry registry, String expectedAuthorization)
      throws IOException {
    return new RedirectingFront(registry, expectedAuthorization);
  }

  /** {@code 127.0.0.1:<port>} of the front, the registry part of references. */
  public String host() {
    return "127.0.0.1:" + front.getAddress().getPort();
  }

  /** Makes the storage server challenge blob GETs with a Bearer realm on itself. */
  public RedirectingFront challenging(boolean on) {
    this.challenge = on;
    return this;
  }

  /**
   * Makes the front a token registry: {@code /v2/} wants {@code Bearer front-token}, which its own
   * {@code /token} realm hands out for the expected basic credentials.
   */
  public RedirectingFront withTokenAuth(boolean on) {
    this.tokenAuth = on;
    return this;
  }

  /** The Authorization header of each request to the front's token realm ({@code -} for none). */
  public List<String> frontTokenRequests() {
    return List.copyOf(frontTokenRequests);
  }

  /**
   * Every request the storage server received, as {@code <path> <Authorization or "-">}, in order.
   */
  public List<String> storageRequests() {
    return List.copyOf(storageAuthorizations);
  }

  @Override
  public void close() {
    front.stop(0);
    storage.stop(0);
  }

  private void handleFront(HttpExchange exchange) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String path = exchange.getRequestURI().getRawPath();
      if (tokenAuth && path.equals("/token")) {
        frontTokenRequests.add(auth == null ? "-" : auth);
        boolean ok = expectedAuthorization.equals(auth);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, ok ? 200 : 401, ok ? "{\"token\":\"front-token\"}".getBytes() : null);
        return;
      }
      String wanted = tokenAuth ? "Bearer front-token" : expectedAuthorization;
      if (!wanted.equals(auth)) {
        String challenge =
            tokenAuth
                ? "Bearer realm=\"http://"
                    + host()
                    + "/token\",service=\"front\",scope=\"repository:acme/api:pull\""
                : "Basic realm=\"front\"";
        exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
        send(exchange, 401, null);
        return;
      }
      Matcher blob = BLOB.matcher(path);
      if (blob.matches() && exchange.getRequestMethod().equals("GET")) {
        String location =
            "http://127.0.0.1:"
                + storage.getAddress().getPort()
                + "/storage/"
                + blob.group(1)
                + "/"
                + blob.group(2);
        exchange.getResponseHeaders().set("Location", location);
        send(exchange, 307, null);
        return;
      }
      relay(exchange, path);
    }
  }

  private void handleStorage(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      storageAuthorizations.add(path + " " + (auth == null ? "-" : auth));
      if (path.equals("/token")) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, "{\"token\":\"storage-token\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (challenge && !"Bearer storage-token".equals(auth)) {
        String realm = "http://127.0.0.1:" + storage.getAddress().getPort() + "/token";
        exchange
            .getResponseHeaders()
            .set(
                "WWW-Authenticate",
                "Bearer realm=\"" + realm + "\",service=\"storage\",scope=\"blobs:pull\"");
        send(exchange, 401, null);
        return;
      }
      String rest = path.substring("/storage/".length());
      int cut = rest.lastIndexOf('/');
      relay(exchange, "/v2/" + rest.substring(0, cut) + "/blobs/" + rest.substring(cut + 1));
    }
  }

  private void relay(HttpExchange exchange, String path) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(registry.baseUri() + path))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody())
            .header("Accept", accept == null ? "*/*" : accept)
            .timeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
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
