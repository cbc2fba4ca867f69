package dev.shipproof.testing;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * Bare repositories served over smart HTTP by the real {@code git http-backend} (CGI), behind a JDK
 * {@link HttpServer} on 127.0.0.1 and a free port. Pushes run the server side of git for real:
 * {@code pre-receive} and {@code update} hooks, {@code receive.denyNonFastForwards}, ref locking.
 *
 * <p>With a user and password every request needs HTTP basic auth; {@link #withToken} accepts any
 * user name with the token as password, the way hosting services take personal access tokens.
 * Bodies are streamed both ways; a gzip request body is passed through with {@code
 * HTTP_CONTENT_ENCODING}, which http-backend inflates itself.
 */
public final class GitHttpServer implements AutoCloseable {
  /** Where Debian installs the CGI. */
  public static final Path HTTP_BACKEND = Path.of("/usr/lib/git-core/git-http-backend");

  private final Path root;
  private final String user;
  private final String password;
  private final int port;
  private HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile int failWith;

  private GitHttpServer(Path root, String user, String password) throws IOException {
    this.root = root;
    this.user = user;
    this.password = password;
    server = listen(0);
    port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
    var context = server.createContext("/", this::handle);
    if (password != null) {
      context.setAuthenticator(
          new BasicAuthenticator("git") {
            @Override
            public boolean checkCredentials(String u, String p) {
              return (user == null || user.equals(u)) && password.equals(p);
            }
          });
    }
    server.setExecutor(pool);
    server.start();
    return server;
  }

  /** An outage that answers: every request gets {@code status} (a 5xx) until {@link #recover}. */
  public void failWith(int status) {
    failWith = status;
  }

  /** Serves again after {@link #failWith}. */
  public void recover() {
    failWith = 0;
  }

  /**
   * An outage that does not answer: the port is closed (connection refused) until {@link #restart}.
   */
  public void stopTemporarily() {
    server.stop(0);
  }

  /** Listens again on the same port after {@link #stopTemporarily}. */
  public void restart() throws IOException {
    server = listen(port);
  }

  /** Serves the bare repositories under {@code root} to anyone (no authentication). */
  public static GitHttpServer anonymous(Path root) throws IOException {
    return new GitHttpServer(root, null, null);
  }

  /** Serves {@code root} to exactly this user and password. */
  public static GitHttpServer withUser(Path root, String user, String password) throws IOException {
    return new GitHttpServer(root, user, password);
  }

  /** Serves {@code root} to any user name whose password is {@code token}. */
  public static GitHttpServer withToken(Path root, String token) throws IOException {
    return new GitHttpServer(root, null, token);
  }

  /** True when this machine has the CGI; tests assume it. */
  public static boolean available() {
    return Files.isExecutable(HTTP_BACKEND);
  }

  /** {@code http://127.0.0.1:<port>/<name>}. */
  public String url(String name) {
    return "http://127.0.0.1:" + port + "/" + name;
  }

  /** Every request seen, as {@code METHOD path?query user}, oldest first. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * Lets {@code bare} (a repository under the root) take pushes over HTTP; {@code config} entries
   * ({@code section.key} to value, e.g. {@code receive.denyNonFastForwards}) are set too.
   */
  public static void allowPushes(Path bare, Map<String, String> config) throws IOException {
    try (Git git = Git.open(bare.toFile())) {
      StoredConfig c = git.getRepository().getConfig();
      c.setBoolean("http", null, "receivepack", true);
      for (var e : config.entrySet()) {
        int dot = e.getKey().indexOf('.');
        c.setString(
            e.getKey().substring(0, dot), null, e.getKey().substring(dot + 1), e.getValue());
      }
      c.save();
    }
  }

  /** Installs an executable server-side hook ({@code pre-receive}, {@code update}…) in a repo. */
  public static void installHook(Path bare, String hook, String shellScript) throws IOException {
    Path file = bare.resolve("hooks").resolve(hook);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + shellScript + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * A {@code pre-receive} hook that declines every push, printing {@code message} to the pusher.
   */
  public static void rejectAllPushes(Path bare, String message) throws IOException {
    installHook(bare, "pre-receive", "echo " + shellQuote(message) + " >&2\nexit 1");
  }

  /**
   * An {@code update} hook protecting {@code branch} like a hosting service's branch protection:
   * every update of it is declined with the service-style message; other refs pass.
   */
  public static void protectBranch(Path bare, String branch) throws IOException {
    String ref = "refs/heads/" + branch;
    installHook(
        bare,
        "update",
        "if [ \"$1\" = "
            + shellQuote(ref)
            + " ]; then\n"
            + "  echo \"error: GH006: Protected branch update failed for $1.\" >&2\n"
            + "  echo \"error: Changes must be made through a pull request.\" >&2\n"
            + "  exit 1\n"
            + "fi\n"
            + "exit 0");
  }

  /**
   * An {@code update} hook that, for the first {@code times} pushes to {@code branch}, lets another
   * writer win: while receive-pack is between reading the old value and locking the ref, the hook
   * commits on top of the branch with plumbing, so git itself fails the ref update ({@code cannot
   * lock ref ... is at X but expected Y}). Exit status 0: the hook does not decline.
   */
  public static void anotherWriterWinsRace(Path bare, String branch, int times) throws IOException {
    String ref = "refs/heads/" + branch;
    installHook(
        bare,
        "update",
        "[ \"$1\" = "
            + shellQuote(ref)
            + " ] || exit 0\n"
            + "count=$(cat \"$GIT_DIR/race-count\" 2>/dev/null || echo 0)\n"
            + "[ \"$count\" -lt "
            + times
            + " ] || exit 0\n"
            + "echo $((count + 1)) > \"$GIT_DIR/race-count\"\n"
            // Outside the push quarantine, as a separate writer would be.
            + "unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES\n"
            + "tree=$(git rev-parse \"$2^{tree}\")\n"
            + "c=$(echo \"outside writer $count\" | GIT_AUTHOR_NAME=Bot"
            + " GIT_AUTHOR_EMAIL=bot@example.com GIT_COMMITTER_NAME=Bot"
            + " GIT_COMMITTER_EMAIL=bot@example.com git commit-tree \"$tree\" -p \"$2\")\n"
            + "git update-ref \"$1\" \"$c\" \"$2\"\n"
            + "exit 0");
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int failing = failWith;
      if (failing != 0) {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        byte[] body = "down for maintenance\n".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(failing, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      String user = exchange.getPrincipal() == null ? "" : exchange.getPrincipal().getUsername();
      String query = exchange.getRequestURI().getRawQuery();
      requests.add(
          exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI().getRawPath()
              + (query == null ? "" : "?" + query)
              + " "
              + user);
      runCgi(exchange, user, query);
    }
  }

  private void runCgi(HttpExchange exchange, String user, String query) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(HTTP_BACKEND.toString());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_PROTOCOL", "HTTP/1.1");
    env.put("REQUEST_METHOD", exchange.getRequestMethod());
    env.put("PATH_INFO", exchange.getRequestURI().getPath());
    env.put("QUERY_STRING", query == null ? "" : query);
    env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
    if (!user.isEmpty()) {
      env.put("REMOTE_USER", user);
      env.put("AUTH_TYPE", "Basic");
    }
    var headers = exchange.getRequestHeaders();
    putHeader(env, "CONTENT_TYPE", headers.getFirst("Content-Type"));
    putHeader(env, "CONTENT_LENGTH", headers.getFirst("Content-Length"));
    putHeader(env, "HTTP_CONTENT_ENCODING", headers.getFirst("Content-Encoding"));
    putHeader(env, "GIT_PROTOCOL", headers.getFirst("Git-Protocol"));
    Process process = pb.start();
    var stderr = new ByteArrayOutputStream();
    var drainErr = pool.submit(() -> process.getErrorStream().transferTo(stderr));
    var feed =
        pool.submit(
            () -> {
              try (OutputStream in = process.getOutputStream();
                  InputStream body = exchange.getRequestBody()) {
                body.transferTo(in);
              }
              return null;
            });
    try (InputStream out = process.getInputStream()) {
      int status = 200;
      String line;
      while (!(line = readHeaderLine(out)).isEmpty()) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.toLowerCase(Locale.ROOT).equals("status")) {
          status = Integer.parseInt(value.split(" ", 2)[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      // Length 0: chunked, so the pack streams as http-backend writes it.
      exchange.sendResponseHeaders(status, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        out.transferTo(body);
      }
      feed.get(30, TimeUnit.SECONDS);
      drainErr.get(30, TimeUnit.SECONDS);
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted serving " + exchange.getRequestURI(), e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("git http-backend failed: " + stderr, e);
    } finally {
      process.destroy();
    }
  }

  private static void putHeader(Map<String, String> env, String name, String value) {
    if (value != null) {
      env.put(name, value);
    }
  }

  /** One CGI header line without its CRLF or LF; empty at the blank line ending the headers. */
  private static String readHeaderLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
