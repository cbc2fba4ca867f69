package dev.shipproof.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipproof.model.ImageRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pushes an OCI image layout into a registry repository byte for byte, as test setup. Every file
 * under {@code blobs/} is uploaded as a blob; every manifest reachable from {@code index.json} is
 * PUT by digest with its exact bytes and media type (children before the indexes naming them);
 * {@code org.opencontainers.image.ref.name} annotations become tags. Because docker-registry 2.8
 * has no referrers API, the pusher also writes the referrers tag schema, as OCI 1.1 clients do: a
 * tag {@code sha256-<hex>} per subject holding an image index of its referrers (media type, digest,
 * size, artifact type, annotations). Afterwards it checks that GET by digest returns the same bytes
 * for every manifest.
 *
 * <p>Plain {@code java.net.http}, because oras-java 0.7.0 re-serialises manifests it pushes, and
 * this is test code, not the product.
 */
public final class LayoutPusher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final String ACCEPT =
      "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
          + "application/vnd.docker.distribution.manifest.v2+json, "
          + "application/vnd.docker.distribution.manifest.list.v2+json";

  private final String host;
  private final String authorization;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LayoutPusher(String host, String authorization) {
    this.host = host;
    this.authorization = authorization;
    this.base = URI.create("http://" + host);
  }

  /** A pusher into the given test registry. */
  public static LayoutPusher into(DockerRegistry registry) {
    return new LayoutPusher(registry.host(), registry.authorizationHeader());
  }

  /**
   * Pushes everything in {@code layoutDir} into {@code repository}.
   *
   * @return what was pushed, for building references and assertions
   */
  public Pushed push(Path layoutDir, String repository) throws IOException {
    for (Path blob : blobFiles(layoutDir)) {
      pushBlob(repository, blob);
    }
    JsonNode index = JSON.readTree(layoutDir.resolve("index.json").toFile());
    Map<String, byte[]> pushed = new LinkedHashMap<>();
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode entry : index.path("manifests")) {
      String digest = entry.path("digest").asText();
      pushManifest(layoutDir, repository, entry, pushed);
      String tag = entry.path("annotations").path(REF_NAME).asText(null);
      if (tag != null) {
        put(repository, tag, pushed.get(digest), mediaType(entry, pushed.get(digest)));
        tags.put(tag, digest);
      }
    }
    Map<String, String> referrersTags = pushReferrersTags(repository, pushed);
    verify(repository, pushed);
    return new Pushed(host, repository, List.copyOf(pushed.keySet()), tags, referrersTags);
  }

  /** Depth first, so that an index is PUT only after the manifests it names exist. */
  private void pushManifest(
      Path layoutDir, String repository, JsonNode descriptor, Map<String, byte[]> pushed)
      throws IOException {
    String digest = descriptor.path("digest").asText();
    if (pushed.containsKey(digest)) {
      return;
    }
    byte[] bytes = Files.readAllBytes(blobPath(layoutDir, digest));
    JsonNode manifest = JSON.readTree(bytes);
    for (JsonNode child : manifest.path("manifests")) {
      pushManifest(layoutDir, repository, child, pushed);
    }
    put(repository, digest, bytes, mediaType(descriptor, bytes));
    pushed.put(digest, bytes);
  }

  /** One index per subject, listing its referrers as an OCI 1.1 client would. */
  private Map<String, String> pushReferrersTags(String repository, Map<String, byte[]> pushed)
      throws IOException {
    Map<String, ArrayNode> bySubject = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> entry : pushed.entrySet()) {
      JsonNode manifest = JSON.readTree(entry.getValue());
      String subject = manifest.path("subject").path("digest").asText(null);
      if (subject == null) {
        continue;
      }
      ObjectNode descriptor = JSON.createObjectNode();
      descriptor.put("mediaType", manifest.path("mediaType").asText());
      descriptor.put("digest", entry.getKey());
      descriptor.put("size", entry.getValue().length);
      String artifactType =
          manifest.hasNonNull("artifactType")
              ? manifest.get("artifactType").asText()
              : manifest.path("config").path("mediaType").asText();
      descriptor.put("artifactType", artifactType);
      if (manifest.has("annotations")) {
        descriptor.set("annotations", manifest.get("annotations"));
      }
      bySubject.computeIfAbsent(subject, s -> JSON.createArrayNode()).add(descriptor);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map.Entry<String, ArrayNode> subject : bySubject.entrySet()) {
      ObjectNode index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", OCI_INDEX);
      index.set("manifests", subject.getValue());
      byte[] bytes = JSON.writeValueAsBytes(index);
      String digest = sha256(bytes);
      String tag = subject.getKey().replace(':', '-');
      put(repository, tag, bytes, OCI_INDEX);
      tags.put(tag, digest);
    }
    return tags;
  }

  private void verify(String repository, Map<String, byte[]> pushed) throws IOException {
    for (Map.Entry<String, byte[]> entry : pushed.entrySet()) {
      HttpResponse<byte[]> response =
          send(
              HttpRequest.newBuilder(manifestUri(repository, entry.getKey()))
                  .header("Accept", ACCEPT)
                  .GET(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200 || !Arrays.equals(response.body(), entry.getValue())) {
        throw new IllegalStateException(
            "registry does not serve "
                + entry.getKey()
                + " byte for byte after the push (HTTP "
                + response.statusCode()
                + ")");
      }
    }
  }

  private void pushBlob(String repository, Path file) throws IOException {
    String digest = "sha256:" + file.getFileName();
    HttpResponse<String> start =
        send(
            HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofString());
    expect(start, 202, "starting upload of " + digest);
    String location = start.headers().firstValue("Location").orElseThrow();
    URI upload = base.resolve(location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> done =
        send(
            HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)),
            HttpResponse.BodyHandlers.ofString());
    expect(done, 201, "uploading blob " + digest);
  }

  /**
   * PUTs {@code bytes} as a manifest under a tag or digest, byte for byte; for tests that rewrite a
   * referrers tag or plant a manifest the layout does not have.
   */
  public void putManifest(String repository, String reference, byte[] bytes, String mediaType)
      throws IOException {
    put(repository, reference, bytes, mediaType);
  }

  private void put(String repository, String reference, byte[] bytes, String mediaType)
      throws IOException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(manifestUri(repository, reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
            HttpResponse.BodyHandlers.ofString());
    expect(response, 201, "putting manifest " + reference);
  }

  private URI manifestUri(String repository, String reference) {
    return base.resolve("/v2/" + repository + "/manifests/" + reference);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
      throws IOException {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pushing", e);
    }
  }

  private static void expect(HttpResponse<String> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          what + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  private static String mediaType(JsonNode descriptor, byte[] bytes) throws IOException {
    String own = JSON.readTree(bytes).path("mediaType").asText(null);
    return own != null ? own : descriptor.path("mediaType").asText();
  }

  private static List<Path> blobFiles(Path layoutDir) throws IOException {
    try (Stream<Path> files = Files.list(layoutDir.resolve("blobs").resolve("sha256"))) {
      return new ArrayList<>(files.sorted().toList());
    }
  }

  private static Path blobPath(Path layoutDir, String digest) {
    return layoutDir
        .resolve("blobs")
        .resolve("sha256")
        .resolve(digest.substring("sha256:".length()));
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What a push left in the registry.
   *
   * @param host registry host, {@code 127.0.0.1:<port>}
   * @param repository repository pushed into
   * @param manifests digests of every manifest PUT, in push order
   * @param tags tag to digest, from the layout's ref.name annotations
   * @param referrersTags referrers tag schema tags ({@code sha256-<hex>}) to the index digest
   */
  public record Pushed(
      String host,
      String repository,
      List<String> manifests,
      Map<String, String> tags,
      Map<String, String> referrersTags) {

    /** {@code host/repository@digest}, parsed. */
    public ImageRef ref(String digest) {
      return ImageRef.parse(host + "/" + repository + "@" + digest);
    }
  }
}
