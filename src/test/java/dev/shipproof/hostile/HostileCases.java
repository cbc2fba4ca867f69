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
  record Case(String category, String name, Phase phase, String reason, Setup setup) {}

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

    /** A user-level git config on the operator's host (hostile: filters, hooks), or null. */
    String hostGitConfig;

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
    evidenceFloods();
    yamlBombs();
    targetPaths();
    filtersAndHooks();
    hugeFiles();
    branchNames();
    gitUrls();
    secrets();
    gitSecrets();
    return cases;
  }

  private void add(String name, Phase phase, String reason, Setup setup) {
    cases.add(new Case(category, name, phase, reason, setup));
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

  // --- evidence floods -------------------------------------------------------------------------

  /** Answers the referrers API of {@code SINGLE} with {@code answer} (a page handler). */
  private void referrers(Run r, LyingRegistry.Script answer) {
    r.fromLiar(SINGLE);
    liar.script(
        (ex, m, p) -> {
          if (p.equals("/v2/acme/api/referrers/" + SINGLE)) {
            return answer.answer(ex, m, p);
          }
          return false;
        });
  }

  private static String descriptor(String digest, long size) {
    return "{\"mediaType\":\""
        + OCI_MANIFEST
        + "\",\"artifactType\":\""
        + BUNDLE
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + size
        + "}";
  }

  private static byte[] indexOf(List<String> descriptors) {
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_INDEX
            + "\",\"manifests\":["
            + String.join(",", descriptors)
            + "]}")
        .getBytes();
  }

  /** A referrer manifest of {@code SINGLE} with these layers (JSON descriptors). */
  private static byte[] referrerManifest(List<String> layers) {
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"artifactType\":\""
            + BUNDLE
            + "\",\"config\":"
            + EMPTY_CONFIG
            + ",\"layers\":["
            + String.join(",", layers)
            + "],\"subject\":{\"mediaType\":\""
            + OCI_MANIFEST
            + "\",\"digest\":\""
            + SINGLE
            + "\",\"size\":540}}")
        .getBytes();
  }

  private static String layer(String digest, long size) {
    return "{\"mediaType\":\"" + BUNDLE + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
  }

  /** Lists one crafted referrer manifest in the referrers API and serves it (and blobs). */
  private void craftedReferrer(Run r, byte[] manifest, LyingRegistry.Script blobs) {
    String digest = sha256(manifest);
    r.fromLiar(SINGLE);
    liar.script(
        (ex, m, p) -> {
          if (p.equals("/v2/acme/api/referrers/" + SINGLE)) {
            sendManifest(ex, OCI_INDEX, indexOf(List.of(descriptor(digest, manifest.length))));
            return true;
          }
          if (p.equals("/v2/acme/api/manifests/" + digest)) {
            sendManifest(ex, OCI_MANIFEST, manifest);
            return true;
          }
          return p.contains("/blobs/") && blobs.answer(ex, m, p);
        });
  }

  private void evidenceFloods() {
    category = "evidence flood";
    refused(
        "5,000 bundle referrers",
        Reasons.TOO_MANY_REFERRERS,
        r -> {
          List<String> flood = new ArrayList<>();
          for (int i = 0; i < 5000; i++) {
            flood.add(descriptor(sha256("referrer " + i), 800));
          }
          byte[] body = indexOf(flood);
          referrers(r, (ex, m, p) -> sendAnswer(ex, OCI_INDEX, body));
        });
    refused(
        "referrers pages that never end",
        Reasons.TOO_MANY_REFERRERS,
        r -> {
          AtomicInteger page = new AtomicInteger();
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                if (p.equals("/v2/acme/api/referrers/" + SINGLE)) {
                  int n = page.incrementAndGet();
                  ex.getResponseHeaders()
                      .set(
                          "Link",
                          "</v2/acme/api/referrers/" + SINGLE + "?page=" + n + ">; rel=\"next\"");
                  sendManifest(
                      ex, OCI_INDEX, indexOf(List.of(descriptor(sha256("page " + n), 800))));
                  return true;
                }
                return false;
              });
        });
    refused(
        "next page of referrers on another host",
        Reasons.REGISTRY_CONTENT_REFUSED,
        r ->
            referrers(
                r,
                (ex, m, p) -> {
                  ex.getResponseHeaders()
                      .set(
                          "Link",
                          "<http://127.0.0.2:9/v2/acme/api/referrers/"
                              + SINGLE
                              + ">; rel=\"next\"");
                  return sendAnswer(ex, OCI_INDEX, indexOf(List.of()));
                }));
    refused(
        "referrers answer of 5 MiB",
        Reasons.EVIDENCE_TOO_LARGE,
        r -> {
          List<String> flood = new ArrayList<>();
          for (int i = 0; flood.size() * 200 < 5 << 20; i++) {
            flood.add(
                "{\"mediaType\":\"application/x-junk\",\"artifactType\":\"application/x-junk\","
                    + "\"digest\":\""
                    + sha256("junk " + i)
                    + "\",\"size\":1,\"annotations\":{\"pad\":\""
                    + "p".repeat(60)
                    + "\"}}");
          }
          byte[] body = indexOf(flood);
          referrers(r, (ex, m, p) -> sendAnswer(ex, OCI_INDEX, body));
        });
    refused(
        "referrer naming a 1 GiB evidence blob",
        Reasons.EVIDENCE_TOO_LARGE,
        r ->
            craftedReferrer(
                r,
                referrerManifest(List.of(layer(sha256("huge"), 1L << 30))),
                (ex, m, p) -> false));
    refused(
        "evidence blob whose body never ends",
        Reasons.EVIDENCE_TOO_LARGE,
        r ->
            craftedReferrer(
                r,
                referrerManifest(List.of(layer(sha256("endless"), 15L << 20))),
                (ex, m, p) -> {
                  endless(ex, 0);
                  return true;
                }));
    refused(
        "referrer with 200 layers",
        Reasons.TOO_MANY_REFERRERS,
        r -> {
          List<String> layers = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            layers.add(layer(sha256("layer " + i), 100));
          }
          craftedReferrer(r, referrerManifest(layers), (ex, m, p) -> false);
        });
    refused(
        "referrer manifest declared 1 TiB",
        Reasons.EVIDENCE_TOO_LARGE,
        r ->
            referrers(
                r,
                (ex, m, p) ->
                    sendAnswer(
                        ex, OCI_INDEX, indexOf(List.of(descriptor(sha256("big"), 1L << 40))))));
    errored(
        "evidence blob served by a slow loris",
        Reasons.REGISTRY_UNAVAILABLE,
        r ->
            craftedReferrer(
                r,
                referrerManifest(List.of(layer(sha256("slow"), 4096))),
                (ex, m, p) -> {
                  endless(ex, 100);
                  return true;
                }));
  }

  private static boolean sendAnswer(HttpExchange ex, String type, byte[] body) throws IOException {
    sendManifest(ex, type, body);
    return true;
  }

  // --- YAML bombs and odd bytes in target files -------------------------------------------------

  private void target(String name, byte[] content) {
    refused(name, Reasons.TARGET_INVALID, r -> r.file(GitFixture.OVERLAY, content));
  }

  private void target(String name, String content) {
    target(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private String images() {
    return "images:\n  - name: " + registryHost + "/acme/api\n    newTag: \"0.9.0\"\n";
  }

  private void yamlBombs() {
    category = "yaml";
    StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char prev = (char) (c - 1);
      laughs.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        laughs.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      laughs.append("]\n");
    }
    target("billion laughs", laughs + images());
    StringBuilder many = new StringBuilder("x: &x 1\nl: [");
    for (int i = 0; i < 40; i++) {
      many.append(i == 0 ? "" : ",").append("*x");
    }
    target("40 aliases of one scalar", many + "]\n" + images());
    target(
        "flow nesting 10,000 deep",
        "x: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n" + images());
    StringBuilder block = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      block.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    target("block nesting 100 deep", block + "  ".repeat(100) + "v: 1\n" + images());
    target("a 2 MiB scalar", "x: \"" + "y".repeat(2 << 20) + "\"\n" + images());
    target("1,000 documents", "---\na: 1\n".repeat(1000) + "---\n" + images());
    target("two documents", images() + "---\n" + images());
    target(
        "invalid UTF-8",
        concat(images().getBytes(), new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28, '\n'}));
    target(
        "overlong UTF-8 for a slash",
        concat(images().getBytes(), new byte[] {'#', ' ', (byte) 0xC0, (byte) 0xAF, '\n'}));
    target(
        "UTF-8-encoded surrogate",
        concat(images().getBytes(), new byte[] {'#', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    target(
        "UTF-16 with a byte order mark",
        concat(
            new byte[] {(byte) 0xFF, (byte) 0xFE}, images().getBytes(StandardCharsets.UTF_16LE)));
    target("NUL byte in a comment", "# a\u0000b\n" + images());
    target("tab indentation", "images:\n\t- name: " + registryHost + "/acme/api\n\t  newTag: x\n");
    target("duplicate images keys", images() + images());
    target(
        "duplicate name in one image entry",
        "images:\n  - name: " + registryHost + "/acme/api\n    name: other\n    newTag: x\n");
    lands(
        "recursive alias outside the images (left as it is)",
        r -> r.file(GitFixture.OVERLAY, "a: &a [*a]\n" + images()));
    target("unterminated quoted string", images() + "x: \"never closed\n");
    target("images is a string", "images: \"" + registryHost + "/acme/api\"\n");
    target("C1 control character", "# \u0085\u009b31m\n" + images() + "\u0007\n");
  }

  // --- target paths ------------------------------------------------------------------------------

  private void path(String name, String reason, String path, Setup more) {
    refused(
        name,
        reason,
        r -> {
          r.path = path;
          more.apply(r);
        });
  }

  private void path(String name, String path) {
    path(name, Reasons.TARGET_INVALID, path, r -> {});
  }

  private void targetPaths() {
    category = "target path";
    path("dot-dot out of the repository", "../outside.yaml");
    path("dot-dot in the middle", "apps/../../outside.yaml");
    path("absolute path", "/etc/hostname");
    path("empty path", Reasons.INVALID_ENVIRONMENT, "", r -> {});
    path("blank path", Reasons.INVALID_ENVIRONMENT, "   ", r -> {});
    path("into .git", ".git/config");
    path("into .GIT", ".GIT/config");
    path("into a nested .git", "apps/.git/config");
    path("NUL in the path", "apps/api\u0000/kustomization.yaml");
    path("backslashes", "apps\\..\\..\\outside.yaml");
    path(
        "path of 4,000 characters",
        Reasons.TARGET_NOT_FOUND,
        "d/".repeat(1000) + "x".repeat(1998) + ".yaml",
        r -> {});
    path(
        "file symlink to an absolute path outside",
        Reasons.TARGET_INVALID,
        "link.yaml",
        r -> r.link("link.yaml", "/etc/hostname"));
    path(
        "file symlink up and out",
        Reasons.TARGET_INVALID,
        "apps/link.yaml",
        r -> r.link("apps/link.yaml", "../../../../../../../../etc/hostname"));
    path(
        "directory symlink out of the work tree",
        Reasons.TARGET_INVALID,
        "outdir/kustomization.yaml",
        r -> r.link("outdir", outsideDir(r).toString()));
    path(
        "symlinked parent directory",
        Reasons.TARGET_INVALID,
        "env/prod/kustomization.yaml",
        r -> r.link("env", outsideDir(r).getParent().toString()));
    path(
        "symlink into .git",
        Reasons.TARGET_INVALID,
        "config.yaml",
        r -> r.link("config.yaml", ".git/config"));
    path(
        "symlink loop",
        Reasons.TARGET_INVALID,
        "a.yaml",
        r -> r.link("a.yaml", "b.yaml").link("b.yaml", "a.yaml"));
    path("a directory", "apps");
    path("a missing file", Reasons.TARGET_NOT_FOUND, "apps/none.yaml", r -> {});
  }

  /** A directory outside the work tree holding a kustomization that names the image. */
  private Path outsideDir(Run r) throws IOException {
    Path dir = java.nio.file.Files.createDirectories(r.dir.resolve("outside/prod"));
    java.nio.file.Files.writeString(
        dir.resolve("kustomization.yaml"), HostileWorld.overlay(registryHost + "/acme/api"));
    r.after =
        () ->
            org.assertj.core.api.Assertions.assertThat(
                    java.nio.file.Files.readString(dir.resolve("kustomization.yaml")))
                .as("a file outside the work tree was edited")
                .doesNotContain("digest:");
    return dir;
  }

  // --- filters, hooks and submodules in the repository ------------------------------------------

  /**
   * A user git config on the operator's host that defines filter drivers and a hooks directory
   * whose commands would each leave a marker; a repository then asks for them.
   */
  private static String hostileHostConfig(Run r) throws IOException {
    Path marker = r.marker("filter-or-hook");
    Path hooks = java.nio.file.Files.createDirectories(r.dir.resolve("hooks"));
    for (String hook :
        List.of("pre-commit", "commit-msg", "post-commit", "pre-push", "post-checkout")) {
      Path h = hooks.resolve(hook);
      java.nio.file.Files.writeString(h, "#!/bin/sh\ntouch '" + marker + "-" + hook + "'\n");
      h.toFile().setExecutable(true);
      r.markers.add(Path.of(marker + "-" + hook));
    }
    Path script = r.dir.resolve("touch-marker.sh");
    java.nio.file.Files.writeString(script, "#!/bin/sh\ntouch '" + marker + "'\ncat\n");
    script.toFile().setExecutable(true);
    String touch = script.toString();
    return "[core]\n\thooksPath = "
        + hooks
        + "\n[filter \"evil\"]\n\tsmudge = "
        + touch
        + "\n\tclean = "
        + touch
        + "\n\trequired = true\n[filter \"lfs\"]\n\tsmudge = "
        + touch
        + "\n\tclean = "
        + touch
        + "\n\tprocess = "
        + touch
        + "\n";
  }

  private void lands(String name, Setup setup) {
    cases.add(new Case(category, name, Phase.Succeeded, Reasons.PUSHED, setup));
  }

  private void filtersAndHooks() {
    category = "filters and hooks";
    lands(
        ".gitattributes filter=evil on every file",
        r -> {
          r.hostGitConfig = hostileHostConfig(r);
          r.file(".gitattributes", "* filter=evil\n");
        });
    lands(
        ".gitattributes filter=lfs with an .lfsconfig on file://",
        r -> {
          r.hostGitConfig = hostileHostConfig(r);
          r.file(".gitattributes", "*.yaml filter=lfs diff=lfs merge=lfs -text\n");
          r.file(".lfsconfig", "[lfs]\n\turl = file://" + r.dir.resolve("lfs") + "\n");
        });
    lands(
        ".gitmodules with a file:// URL and an update command",
        r -> {
          r.hostGitConfig = hostileHostConfig(r);
          Path marker = r.marker("submodule");
          r.file(
              ".gitmodules",
              "[submodule \"evil\"]\n\tpath = evil\n\turl = file://"
                  + r.dir.resolve("nowhere.git")
                  + "\n\tupdate = !touch "
                  + marker
                  + "\n");
        });
    lands("hooks directory configured on the host", r -> r.hostGitConfig = hostileHostConfig(r));
    lands(
        ".gitattributes eol=crlf",
        r -> {
          r.file(".gitattributes", "* text eol=crlf\n");
          r.after = () -> {};
        });
  }

  // --- huge and binary files ---------------------------------------------------------------------

  private void hugeFiles() {
    category = "huge files";
    refused(
        "a 40 MiB target",
        Reasons.TARGET_INVALID,
        r -> {
          byte[] big = new byte[40 << 20];
          java.util.Arrays.fill(big, (byte) '#');
          big[big.length - 1] = '\n';
          r.file(GitFixture.OVERLAY, concat(images().getBytes(), big));
        });
    target(
        "a binary target (PNG header)",
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
    target("a target of NUL bytes", new byte[4096]);
  }

  // --- branch names ------------------------------------------------------------------------------

  private void branch(String name, String branch) {
    refused(name, Reasons.INVALID_ENVIRONMENT, r -> r.branch = branch);
  }

  private void branchNames() {
    category = "branch name";
    branch("two dots", "main..x");
    branch("@{", "main@{1}");
    branch("a space", "my branch");
    branch("a tab", "main\tx");
    branch("a control character", "main\u0001");
    branch("a newline", "main\nrefs/heads/evil");
    branch("refs/heads/ prefix", "refs/heads/main");
    branch("HEAD", "HEAD");
    branch("ends with .lock", "main.lock");
    branch("a colon", "main:evil");
    branch("a tilde and caret", "main~1^2");
    branch("a glob", "ma*n");
    refused("a leading dash", Reasons.TARGET_NOT_FOUND, r -> r.branch = "-main");
    branch("a trailing slash", "main/");
    branch("a backslash", "main\\x");
    branch("a DEL character", "main\u007f");
    refused(
        "a component of 300 characters", Reasons.TARGET_NOT_FOUND, r -> r.branch = "b".repeat(300));
    refused("a Cyrillic lookalike of main", Reasons.TARGET_NOT_FOUND, r -> r.branch = "m\u0430in");
  }

  // --- git URLs ----------------------------------------------------------------------------------

  private void url(String name, String url) {
    refused(name, Reasons.INVALID_ENVIRONMENT, r -> r.url = url);
  }

  private void gitUrls() {
    category = "git url";
    refused(
        "ext:: transport running a command",
        Reasons.INVALID_ENVIRONMENT,
        r -> r.url = "ext::sh -c touch% " + r.marker("ext"));
    url("fd:: transport", "fd::3");
    url("git:// protocol", "git://127.0.0.1:" + closedPort() + "/repo.git");
    url("URL with a newline", "https://127.0.0.1/repo.git\nhttps://127.0.0.2/evil.git");
    url("URL with a space", "https://127.0.0.1/my repo.git");
    url("option as a URL", "--upload-pack=touch /tmp/x");
    url("relative file URL", "file://relative/repo.git");
    url("empty URL", "");
    refused(
        "ssh URL with an option as host",
        Reasons.INVALID_ENVIRONMENT,
        r -> r.url = "ssh://-oProxyCommand=touch%20" + r.marker("ssh") + "/repo.git");
    errored(
        "https URL with a password, closed port",
        Reasons.GIT_UNAVAILABLE,
        r -> {
          r.canaries.add("CanaryPassw0rd-9f3e");
          r.url = "http://deploy:CanaryPassw0rd-9f3e@127.0.0.1:" + closedPort() + "/repo.git";
        });
    errored(
        "https URL with a token as user and in the query",
        Reasons.GIT_UNAVAILABLE,
        r -> {
          r.canaries.add("ghp_CanaryToken1234");
          r.canaries.add("CanaryQuery77");
          r.url =
              "http://ghp_CanaryToken1234@127.0.0.1:"
                  + closedPort()
                  + "/repo.git?access_token=CanaryQuery77";
        });
  }

  // --- Secrets with missing or wrong keys -------------------------------------------------------

  private void registrySecret(String name, String reason, Map<String, String> data) {
    refused(
        name,
        reason,
        r -> {
          r.registrySecret = r.id + "-pull";
          r.secret(r.id + "-pull", data);
          data.values()
              .forEach(
                  v -> {
                    if (v.contains("Canary")) {
                      r.canaries.add("CanarySecret42");
                    }
                  });
        });
  }

  private void secrets() {
    category = "secret";
    errored(
        "registry Secret missing",
        Reasons.REGISTRY_CREDENTIALS_NOT_FOUND,
        r -> r.registrySecret = "does-not-exist");
    registrySecret(
        "registry Secret without .dockerconfigjson",
        Reasons.REGISTRY_CREDENTIALS_INVALID,
        Map.of("password", "CanarySecret42"));
    registrySecret(
        "registry Secret with .dockerconfigjson that is not JSON",
        Reasons.REGISTRY_CREDENTIALS_INVALID,
        Map.of(".dockerconfigjson", "{\"auths\": CanarySecret42"));
    registrySecret(
        "registry Secret with auth that is not base64",
        Reasons.REGISTRY_CREDENTIALS_INVALID,
        Map.of(
            ".dockerconfigjson",
            "{\"auths\":{\"" + registryHost + "\":{\"auth\":\"!!CanarySecret42!!\"}}}"));
    registrySecret(
        "registry Secret with auth lacking a colon",
        Reasons.REGISTRY_CREDENTIALS_INVALID,
        Map.of(
            ".dockerconfigjson",
            "{\"auths\":{\""
                + registryHost
                + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("CanarySecret42".getBytes())
                + "\"}}}"));
    registrySecret(
        "registry Secret whose auths is a list",
        Reasons.REGISTRY_CREDENTIALS_INVALID,
        Map.of(".dockerconfigjson", "{\"auths\":[\"CanarySecret42\"]}"));
    errored(
        "registry refuses the password",
        Reasons.REGISTRY_UNAUTHORIZED,
        r -> {
          r.registrySecret = r.id + "-pull";
          r.canaries.add("CanaryWrongPass");
          r.secret(
              r.id + "-pull",
              Map.of(
                  ".dockerconfigjson",
                  "{\"auths\":{\""
                      + r.liarHost
                      + "\":{\"username\":\"ci\",\"password\":\"CanaryWrongPass\"}}}"));
          r.fromLiar(SINGLE);
          liar.script(
              (ex, m, p) -> {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"liar\"");
                send(ex, 401, null);
                return true;
              });
        });
  }

  /** Git Secrets by the keys docs/reference.md names, read by reconciler/GitSecrets. */
  private void gitSecrets() {
    category = "git secret";
    errored(
        "git credentials Secret missing",
        Reasons.GIT_CREDENTIALS_NOT_FOUND,
        r -> r.gitSecret = "does-not-exist");
    refused(
        "git credentials Secret with none of its keys",
        Reasons.GIT_CREDENTIALS_INVALID,
        r -> {
          r.gitSecret = r.id + "-git";
          r.canaries.add("CanaryGitX9");
          r.secret(r.id + "-git", Map.of("passwd", "CanaryGitX9"));
        });
    refused(
        "git credentials Secret with a password but no username",
        Reasons.GIT_CREDENTIALS_INVALID,
        r -> {
          r.gitSecret = r.id + "-git";
          r.canaries.add("CanaryGitX9");
          r.secret(r.id + "-git", Map.of("password", "CanaryGitX9"));
        });
    refused(
        "git SSH identity that is not a private key",
        Reasons.GIT_CREDENTIALS_INVALID,
        r -> {
          r.gitSecret = r.id + "-git";
          r.canaries.add("CanaryGitX9");
          r.secret(r.id + "-git", Map.of("identity", "CanaryGitX9", "known_hosts", "x"));
        });
    errored(
        "signing Secret missing",
        Reasons.GIT_CREDENTIALS_NOT_FOUND,
        r -> r.signingSecret = "does-not-exist");
    refused(
        "signing Secret without signingKey",
        Reasons.GIT_CREDENTIALS_INVALID,
        r -> {
          r.signingSecret = r.id + "-sign";
          r.canaries.add("CanarySignX8");
          r.secret(r.id + "-sign", Map.of("passphrase", "CanarySignX8"));
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
