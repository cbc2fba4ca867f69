package dev.shipproof.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (distribution 2.8) serving plain
 * HTTP on 127.0.0.1 at a free port, with filesystem storage in a temporary directory and deletes
 * enabled. Nothing else is configured, so it listens on no other address or port.
 *
 * <pre>{@code
 * try (DockerRegistry registry = DockerRegistry.start()) {
 *   LayoutPusher.into(registry).push(layoutDir, "acme/api");
 *   // image references: registry.host() + "/acme/api@sha256:..."
 * }
 * }</pre>
 *
 * <p>The binary is {@code /usr/bin/docker-registry}, or the path in system property {@code
 * shipproof.docker-registry}. When it is missing, {@link #start()} fails (it never skips) and says
 * how to install it.
 */
public final class DockerRegistry implements AutoCloseable {
  private static final String BINARY_PROPERTY = "shipproof.docker-registry";
  private static final Duration STARTUP = Duration.ofSeconds(15);

  private final Path binary;
  private final Path workDir;
  private final Path storageDir;
  private final Path config;
  private final Path log;
  private final int port;
  private final String username;
  private final String password;
  private Process process;

  private DockerRegistry(Path binary, Path workDir, int port, String username, String password)
      throws IOException {
    this.username = username;
    this.password = password;
    this.binary = binary;
    this.workDir = workDir;
    this.storageDir = Files.createDirectories(workDir.resolve("storage"));
    this.config = workDir.resolve("config.yml");
    this.log = workDir.resolve("registry.log");
    this.port = port;
    if (username != null) {
      Files.writeString(workDir.resolve("htpasswd"), htpasswd(username, password));
    }
    Files.writeString(config, configYaml());
  }

  /** Starts a registry on a free port and waits until {@code GET /v2/} answers. */
  public static DockerRegistry start() throws IOException {
    return start(null, null);
  }

  /**
   * Starts a registry that demands HTTP basic auth (htpasswd, bcrypt) for every request, {@code GET
   * /v2/} included.
   */
  public static DockerRegistry startWithBasicAuth(String username, String password)
      throws IOException {
    return start(username, password);
  }

  private static DockerRegistry start(String username, String password) throws IOException {
    Path binary = findBinary();
    Path workDir = Files.createTempDirectory("shipproof-registry-");
    DockerRegistry registry = new DockerRegistry(binary, workDir, freePort(), username, password);
    registry.launch();
    return registry;
  }

  /** The basic-auth user, or {@code null} when the registry is open. */
  public String username() {
    return username;
  }

  /** The basic-auth password, or {@code null} when the registry is open. */
  public String password() {
    return password;
  }

  /** {@code Basic ...} for {@link #username()}, or {@code null} when the registry is open. */
  public String authorizationHeader() {
    if (username == null) {
      return null;
    }
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code 127.0.0.1:<port>}, the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://" + host());
  }

  /** The filesystem storage root ({@code rootdirectory}). */
  public Path storageDir() {
    return storageDir;
  }

  /**
   * Where distribution keeps the bytes of a blob or manifest: {@code
   * .../blobs/sha256/ab/<hex>/data}.
   */
  public Path blobDataPath(String digest) {
    String algorithm = digest.substring(0, digest.indexOf(':'));
    String hex = digest.substring(digest.indexOf(':') + 1);
    return storageDir.resolve(
        Path.of("docker", "registry", "v2", "blobs", algorithm, hex.substring(0, 2), hex, "data"));
  }

  /**
   * Makes the registry lie: replaces the stored bytes of a blob or manifest, which distribution
   * serves without re-hashing. Closing the result puts the original bytes back. Manifests must stay
   * parseable JSON of the same media type, or the registry answers with an error instead.
   */
  public Tampering tamper(String digest, byte[] replacement) throws IOException {
    Path data = blobDataPath(digest);
    byte[] original = Files.readAllBytes(data);
    Files.write(data, replacement);
    return () -> Files.write(data, original);
  }

  /** Replaces the first occurrence of {@code from} with {@code to} in a stored blob or manifest. */
  public Tampering tamper(String digest, String from, String to) throws IOException {
    String text = Files.readString(blobDataPath(digest), StandardCharsets.UTF_8);
    if (!text.contains(from)) {
      throw new IllegalArgumentException("stored " + digest + " does not contain " + from);
    }
    return tamper(
        digest, text.replaceFirst(Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8));
  }

  /** Stops the process but keeps port and storage, for "registry down, then back" tests. */
  public void stopTemporarily() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Starts the registry again on the same port and storage. */
  public void restart() throws IOException {
    stopTemporarily();
    launch();
  }

  /** Whether the process runs. */
  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Stops the registry and deletes its storage. */
  public void stop() {
    stopTemporarily();
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void launch() throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(binary.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // REGISTRY_* variables override the config file; none of the caller's may leak in.
    builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
    process = builder.start();
    waitUntilReady();
  }

  private void waitUntilReady() throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(baseUri().resolve("/v2/")).timeout(Duration.ofSeconds(2));
    if (username != null) {
      request.header("Authorization", authorizationHeader());
    }
    HttpRequest ping = request.build();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for docker-registry", e);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for docker-registry", e);
      }
    }
    stopTemporarily();
    throw new IllegalStateException(
        "docker-registry did not answer GET /v2/ within " + STARTUP + ":\n" + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private String configYaml() {
    return String.join(
        "\n",
        "version: 0.1",
        "log:",
        "  level: warn",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + storageDir,
        "  delete:",
        "    enabled: true",
        "  maintenance:",
        "    uploadpurging:",
        "      enabled: false",
        "http:",
        "  addr: 127.0.0.1:" + port,
        "  secret: " + UUID.randomUUID(),
        username == null ? "" : "auth:",
        username == null ? "" : "  htpasswd:",
        username == null ? "" : "    realm: shipproof-test",
        username == null ? "" : "    path: " + workDir.resolve("htpasswd"),
        "");
  }

  private static String htpasswd(String username, String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return username + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 4) + "\n";
  }

  private static Path findBinary() {
    String configured = System.getProperty(BINARY_PROPERTY);
    Path binary = Path.of(configured != null ? configured : "/usr/bin/docker-registry");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "docker-registry not found at "
              + binary
              + "; registry tests need a real registry. Install it with "
              + "`apt-get install -y --no-install-recommends docker-registry` "
              + "or point -D"
              + BINARY_PROPERTY
              + "=<path> at the binary");
    }
    return binary;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Undoes a {@link #tamper}: puts the original bytes back. */
  @FunctionalInterface
  public interface Tampering extends AutoCloseable {
    @Override
    void close() throws IOException;
  }
}
