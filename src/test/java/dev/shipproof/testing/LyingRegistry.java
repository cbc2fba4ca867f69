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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry that lies on request: a front on 127.0.0.1 that relays every request to a real {@link
 * DockerRegistry} unless the current {@link Script} answers it first. Scripts serve crafted bytes,
 * wrong headers, redirects, endless or slow bodies. Each request runs on its own thread, so a
 * stalled answer never blocks the next case. Redirects in tests point only at 127.0.0.0/8.
 */
public final class LyingRegistry implements AutoCloseable {
  /** Answers a request itself ({@code true}) or lets it through to the real registry. */
  @FunctionalInterface
  public interface Script {
    boolean answer(HttpExchange exchange, String method, String path) throws IOException;
  }

  private final DockerRegistry registry;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Script script = (e, m, p) -> false;

  private LyingRegistry(DockerRegistry registry) throws IOException {
    this.registry = registry;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** A front for {@code registry} on a free port that tells the truth until scripted. */
  public static LyingRegistry before(DockerRegistry registry) throws IOException {
    return new LyingRegistry(registry);
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Replaces the script; {@code null} tells the truth again. */
  public void script(Script next) {
    this.script = next == null ? (e, m, p) -> false : next;
    requests.set(0);
  }

  /** Requests received since the last {@link #script}. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      if (script.answer(exchange, method, path)) {
        return;
      }
      relay(exchange, method, path, exchange.getRequestURI().getRawQuery());
    } catch (IOException e) {
      // The client went away (a timeout, a refused body): nothing to answer.
    }
  }

  private void relay(HttpExchange exchange, String method, String path, String query)
      throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(registry.baseUri() + path + (query == null ? "" : "?" + query)))
            .method(method, HttpRequest.BodyPublishers.noBody())
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
    for (String header : new String[] {"Content-Type", "Docker-Content-Digest", "Link"}) {
      response
          .headers()
          .firstValue(header)
          .ifPresent(v -> exchange.getResponseHeaders().set(header, v));
    }
    send(exchange, response.statusCode(), method.equals("HEAD") ? null : response.body());
  }

  /** The bytes the real registry serves for a manifest (by digest or tag) or a blob. */
  public byte[] fetch(String path) throws IOException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(registry.baseUri() + path))
                  .header("Accept", "*/*")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray())
          .body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Sends a complete answer; {@code null} or empty bodies send no body. */
  public static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (body == null || body.length == 0 || exchange.getRequestMethod().equals("HEAD")) {
      if (body != null && body.length > 0) {
        exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
      }
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Sends {@code body} as a manifest of {@code mediaType} with its true digest header. */
  public static void sendManifest(HttpExchange exchange, String mediaType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", mediaType);
    exchange.getResponseHeaders().set("Docker-Content-Digest", sha256(body));
    send(exchange, 200, body);
  }

  /** {@code sha256:<hex>} of the bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code sha256:<hex>} of the UTF-8 text. */
  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
