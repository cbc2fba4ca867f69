package dev.shipproof.hostile;

import static dev.shipproof.testing.LyingRegistry.send;
import static dev.shipproof.testing.LyingRegistry.sendManifest;
import static dev.shipproof.testing.LyingRegistry.sha256;

import com.sun.net.httpserver.HttpExchange;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.testing.EvidenceFixtures;
import dev.shipproof.testing.GitFixture;
import dev.shipproof.testing.LyingRegistry;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The table of hostile inputs, by category. Each case is a real input, built here. */
final class HostileCases {
  static final String SINGLE = EvidenceFixtures.SINGLE;
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
  static final String EMPTY_CONFIG =
      "{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
          + "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
          + "\",\"size\":2}";

  /** One row: what is done to the world and how the promotion must end. */
  record Case(
      String category, String name, Phase phase, String reason, boolean sampleGood, Setup setup) {}

  @FunctionalInterface
  interface Setup {
    void apply(Run run) throws Exception;
  }

  @FunctionalInterface
  interface Check {
    void check() throws Exception;
  }

  /** The world of one case, changed by its setup before the repository is seeded. */
  static final class Run {
    final String id;
    final Path dir;
    final String registryHost;
    final String liarHost;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final List<Secret> secrets = new ArrayList<>();
    final List<String> canaries = new ArrayList<>();
    final List<Path> markers = new ArrayList<>();
    String image;
    String url;
    String branch = "main";
    String path = GitFixture.OVERLAY;
    String format = "kustomize";
    String targetImage;
    String registrySecret;
    String gitSecret;
    String signingSecret;
    Check after = () -> {};

    /** Whether the repository differs from the shared default one. */
    boolean custom;

    Run(String id, Path dir, String registryHost, String liarHost) {
      this.id = id;
      this.dir = dir;
      this.registryHost = registryHost;
      this.liarHost = liarHost;
      files.put(
          GitFixture.OVERLAY,
          HostileWorld.overlay(registryHost + "/acme/api", liarHost + "/acme/api")
              .getBytes(StandardCharsets.UTF_8));
      image = registryHost + "/acme/api@" + SINGLE;
      targetImage = registryHost + "/acme/api";
    }

    /** Promote from the lying registry instead of the honest one. */
    Run fromLiar(String digest) {
      image = liarHost + "/acme/api@" + digest;
      targetImage = liarHost + "/acme/api";
      return this;
    }

    Run file(String path, String text) {
      custom = true;
      files.put(path, text.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Run file(String path, byte[] bytes) {
      custom = true;
      files.put(path, bytes);
      return this;
    }

    /** A symlink in the repository. */
    Run link(String path, String target) {
      custom = true;
      files.put(path, ("->" + target).getBytes(StandardCharsets.ISO_8859_1));
      return this;
    }

    Path marker(String name) {
      Path marker = dir.resolve("marker-" + name);
      markers.add(marker);
      return marker;
    }

    Environment environment(String bareUrl) {
      Environment env =
          HostileWorld.environment(id, url == null ? bareUrl : url, path, targetImage);
      env.getSpec().getGit().setBranch(branch);
      env.getSpec().getTargets().get(0).setFormat(format);
      env.getSpec().getRegistry().setCredentialsSecret(registrySecret);
      env.getSpec().getGit().setCredentialsSecret(gitSecret);
      env.getSpec().getGit().setSigningSecret(signingSecret);
      return env;
    }

    Secret secret(String name, Map<String, String> data) {
      Map<String, String> encoded = new LinkedHashMap<>();
      data.forEach(
          (k, v) ->
              encoded.put(
                  k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
      Secret s =
          new SecretBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(HostileWorld.NS)
              .endMetadata()
              .withData(encoded)
              .build();
      secrets.add(s);
      return s;
    }
  }

  private final String registryHost;
  private final LyingRegistry liar;
  private final byte[] single;
  private final byte[] index;
  private final List<Case> cases = new ArrayList<>();
  private String category;

  HostileCases(String registryHost, LyingRegistry liar) throws IOException {
    this.registryHost = registryHost;
    this.liar = liar;
    this.single = liar.fetch("/v2/acme/api/manifests/" + SINGLE);
    this.index = liar.fetch("/v2/acme/api/manifests/" + EvidenceFixtures.INDEX);
  }

  List<Case> all() {
    lyingRegistries();
    return cases;
  }

  private void add(String name, Phase phase, String reason, Setup setup) {
    cases.add(new Case(category, name, phase, reason, false, setup));
  }

  private void refused(String name, String reason, Setup setup) {
    add(name, Phase.Failed, reason, setup);
  }

  private void errored(String name, String reason, Setup setup) {
    add(name, Phase.Errored, reason, setup);
  }

  // --- lying registries ------------------------------------------------------------------------

  private static boolean manifestGet(String method, String path, String digest) {
    return method.equals("GET") && path.equals("/v2/acme/api/manifests/" + digest);
  }

  /** Serves {@code body} for the image manifest {@code SINGLE}. */
  private void serveForSingle(Run r, String contentType, byte[] body) {
    r.fromLiar(SINGLE);
    liar.script(
        (ex, m, p) -> {
          if (manifestGet(m, p, SINGLE)) {
            ex.getResponseHeaders().set("Content-Type", contentType);
            send(ex, 200, body);
            return true;
          }
          return false;
        });
  }

  /** Serves {@code body} under its own digest, which the promotion names. */
  private void serveCrafted(Run r, String contentType, byte[] body) {
    String digest = sha256(body);
    r.fromLiar(digest);
    liar.script(
        (ex, m, p) -> {
          if (p.equals("/v2/acme/api/manifests/" + digest)) {
            sendManifest(ex, contentType, body);
            return true;
          }
          return false;
        });
  }

  private void lyingRegistries() {
    category = "lying registry";
    refused(
        "manifest with one byte changed",
        Reasons.DIGEST_MISMATCH,
        r -> {
          byte[] bad = single.clone();
          bad[bad.length - 2] ^= 0x01;
          serveForSingle(r, OCI_MANIFEST, bad);
        });
    refused(
        "manifest with trailing whitespace",
        Reasons.DIGEST_MISMATCH,
        r -> serveForSingle(r, OCI_MANIFEST, concat(single, " \n".getBytes())));
    refused(
        "another image's manifest served for the digest",
        Reasons.DIGEST_MISMATCH,
        r -> serveForSingle(r, OCI_INDEX, index));
    refused(
        "HTML error page with 200",
        Reasons.DIGEST_MISMATCH,
        r -> serveForSingle(r, "text/html", "<html><body>It works</body></html>".getBytes()));
    refused(
        "empty 200 body",
        Reasons.DIGEST_MISMATCH,
        r -> serveForSingle(r, OCI_MANIFEST, new byte[0]));
    refused(
        "true digest header over false bytes",
        Reasons.DIGEST_MISMATCH,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (manifestGet(m, p, SINGLE)) {
                  ex.getResponseHeaders().set("Docker-Content-Digest", SINGLE);
                  ex.getResponseHeaders().set("Content-Type", OCI_MANIFEST);
                  send(ex, 200, index);
                  return true;
                }
                return false;
              });
        });
    refused(
        "manifests and blobs that change after the first read",
        Reasons.SIGNATURE_INVALID,
        r -> {
          r.fromLiar(EvidenceFixtures.INDEX);
          AtomicInteger reads = new AtomicInteger();
          liar.script(
              (ex, m, p) -> {
                boolean content =
                    p.startsWith("/v2/acme/api/manifests/sha256:") || p.contains("/blobs/");
                if (m.equals("GET") && content) {
                  if (reads.incrementAndGet() > 1) {
                    byte[] real = liar.fetch(p);
                    sendManifest(ex, OCI_MANIFEST, concat(real, "\n".getBytes()));
                    return true;
                  }
                }
                return false;
              });
        });
    errored(
        "connection closed halfway through the manifest",
        Reasons.REGISTRY_UNAVAILABLE,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (manifestGet(m, p, SINGLE)) {
                  ex.getResponseHeaders().set("Content-Type", OCI_MANIFEST);
                  ex.sendResponseHeaders(200, single.length);
                  ex.getResponseBody().write(single, 0, 100);
                  ex.getResponseBody().flush();
                  ex.close();
                  return true;
                }
                return false;
              });
        });
    refused(
        "Content-Length of 10 GiB",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (manifestGet(m, p, SINGLE)) {
                  ex.getResponseHeaders().set("Content-Type", OCI_MANIFEST);
                  ex.sendResponseHeaders(200, 10L << 30);
                  ex.getResponseBody().write(single);
                  ex.getResponseBody().flush();
                  return true;
                }
                return false;
              });
        });
    refused(
        "endless chunked manifest body",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (manifestGet(m, p, SINGLE)) {
                  endless(ex, 0);
                  return true;
                }
                return false;
              });
        });
    errored(
        "slow loris: one byte every 100 ms",
        Reasons.REGISTRY_UNAVAILABLE,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (manifestGet(m, p, SINGLE)) {
                  endless(ex, 100);
                  return true;
                }
                return false;
              });
        });
    errored(
        "headers never sent",
        Reasons.REGISTRY_UNAVAILABLE,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (p.startsWith("/v2/acme/api/manifests/")) {
                  sleep(4000);
                  return true;
                }
                return false;
              });
        });
    errored(
        "HTTP 500 with a stack trace in the body",
        Reasons.REGISTRY_UNAVAILABLE,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (p.startsWith("/v2/acme/api/manifests/")) {
                  send(
                      ex,
                      500,
                      ("java.lang.NullPointerException\n"
                              + "\tat org.evil.Registry.serve(Registry.java:1) password=hunter2")
                          .getBytes());
                  return true;
                }
                return false;
              });
        });
    redirect("redirect of the manifest to 127.0.0.2", "http://127.0.0.2:9/v2/acme/api/manifests/");
    redirect(
        "redirect of the manifest to a closed port on 127.0.0.1",
        "http://127.0.0.1:" + closedPort() + "/v2/acme/api/manifests/");
    redirect("redirect of the manifest to file:///etc/passwd", "file:///etc/passwd?");
    redirect("redirect of the manifest to a gopher URL", "gopher://127.0.0.1:70/");
    errored(
        "redirect loop of the manifest to itself",
        Reasons.REGISTRY_UNAVAILABLE,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (p.startsWith("/v2/acme/api/manifests/")) {
                  ex.getResponseHeaders().set("Location", p);
                  send(ex, 307, null);
                  return true;
                }
                return false;
              });
        });
    refused(
        "malformed JSON whose digest matches",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r -> serveCrafted(r, OCI_MANIFEST, "{\"schemaVersion\":2,".getBytes()));
    refused(
        "JSON array instead of a manifest",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r -> serveCrafted(r, OCI_MANIFEST, "[1,2,3]".getBytes()));
    refused(
        "JSON null",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r -> serveCrafted(r, OCI_MANIFEST, "null".getBytes()));
    refused(
        "100,000 levels of JSON nesting",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r ->
            serveCrafted(
                r,
                OCI_MANIFEST,
                ("{\"schemaVersion\":2,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")
                    .getBytes()));
    refused(
        "manifest of 5 MiB",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r ->
            serveCrafted(
                r,
                OCI_MANIFEST,
                ("{\"schemaVersion\":2,\"pad\":\"" + "x".repeat(5 << 20) + "\"}").getBytes()));
    refused(
        "invalid UTF-8 in the manifest JSON",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r ->
            serveCrafted(
                r,
                OCI_MANIFEST,
                concat(
                    "{\"schemaVersion\":2,\"mediaType\":\"".getBytes(),
                    new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                    "\"}".getBytes())));
    refused(
        "duplicate mediaType keys",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r ->
            serveCrafted(
                r,
                OCI_MANIFEST,
                ("{\"schemaVersion\":2,\"mediaType\":\""
                        + OCI_INDEX
                        + "\",\"manifests\":[],\"mediaType\":\""
                        + OCI_MANIFEST
                        + "\",\"config\":"
                        + EMPTY_CONFIG
                        + ",\"layers\":[]}")
                    .getBytes()));
    refused(
        "manifest with a UTF-8 byte order mark",
        Reasons.EVIDENCE_MISSING,
        r ->
            serveCrafted(
                r,
                OCI_MANIFEST,
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, single)));
    refused(
        "index listing 10,000 platforms",
        Reasons.EVIDENCE_MISSING,
        r -> {
          StringBuilder json =
              new StringBuilder(
                  "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[");
          for (int i = 0; i < 10_000; i++) {
            json.append(i == 0 ? "" : ",")
                .append("{\"mediaType\":\"" + OCI_MANIFEST + "\",\"size\":540,\"digest\":\"")
                .append(sha256("child " + i))
                .append("\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arch")
                .append(i)
                .append("\"}}");
          }
          serveCrafted(r, OCI_INDEX, json.append("]}").toString().getBytes());
        });
    refused(
        "index of indexes 40 deep",
        Reasons.EVIDENCE_MISSING,
        r -> {
          Map<String, byte[]> chain = new LinkedHashMap<>();
          String child = SINGLE;
          String childType = OCI_MANIFEST;
          for (int i = 0; i < 40; i++) {
            byte[] idx =
                ("{\"schemaVersion\":2,\"mediaType\":\""
                        + OCI_INDEX
                        + "\",\"manifests\":[{\"mediaType\":\""
                        + childType
                        + "\",\"digest\":\""
                        + child
                        + "\",\"size\":540,\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}")
                    .getBytes();
            child = sha256(idx);
            childType = OCI_INDEX;
            chain.put(child, idx);
          }
          r.fromLiar(child);
          liar.script(
              (ex, m, p) -> {
                String d = p.substring(p.lastIndexOf('/') + 1);
                if (p.startsWith("/v2/acme/api/manifests/") && chain.containsKey(d)) {
                  sendManifest(ex, OCI_INDEX, chain.get(d));
                  return true;
                }
                return false;
              });
        });
    refused(
        "index whose child digest is malformed",
        Reasons.EVIDENCE_MISSING,
        r ->
            serveCrafted(
                r,
                OCI_INDEX,
                ("{\"schemaVersion\":2,\"mediaType\":\""
                        + OCI_INDEX
                        + "\",\"manifests\":[{\"mediaType\":\""
                        + OCI_MANIFEST
                        + "\",\"digest\":\"sha256:../../../etc/passwd\",\"size\":540,"
                        + "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}")
                    .getBytes()));
  }

  /** A redirect of the image manifest to {@code target}: never followed, refused. */
  private void redirect(String name, String target) {
    refused(
        name,
        Reasons.REGISTRY_CONTENT_REFUSED,
        r -> {
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (p.startsWith("/v2/acme/api/manifests/")) {
                  ex.getResponseHeaders().set("Location", target + SINGLE);
                  send(ex, 307, null);
                  return true;
                }
                return false;
              });
        });
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Writes a body that never ends, {@code pauseMillis} between 1 KiB chunks (0: no pause). */
  static void endless(HttpExchange ex, long pauseMillis) throws IOException {
    ex.getResponseHeaders().set("Content-Type", OCI_MANIFEST);
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    byte[] chunk = " ".repeat(pauseMillis == 0 ? 64 * 1024 : 1).getBytes();
    out.write("{\"pad\":\"".getBytes());
    long end = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < end) {
      out.write(chunk);
      out.flush();
      if (pauseMillis > 0) {
        sleep(pauseMillis);
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static int closedPort() {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
