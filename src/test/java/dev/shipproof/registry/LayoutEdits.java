package dev.shipproof.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Copies a fixture layout and plants broken evidence in the copy. */
final class LayoutEdits {
  static final String BUNDLE_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  private LayoutEdits(Path root) {
    this.root = root;
  }

  /** A copy of {@code layout} in {@code target}, to edit. */
  static LayoutEdits copy(Path layout, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(layout)) {
      for (Path file : files.toList()) {
        Path to = target.resolve(layout.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    return new LayoutEdits(target);
  }

  Path root() {
    return root;
  }

  Path blobPath(String digest) {
    return root.resolve("blobs").resolve(Digests.algorithm(digest)).resolve(Digests.hex(digest));
  }

  /** Writes a blob and returns its digest. */
  String addBlob(byte[] bytes) throws IOException {
    String digest = Digests.compute("sha256:", bytes);
    Files.write(blobPath(digest), bytes);
    return digest;
  }

  /** A layer descriptor. */
  static ObjectNode layer(String mediaType, String digest, long size) {
    ObjectNode layer = JSON.createObjectNode();
    layer.put("mediaType", mediaType);
    layer.put("digest", digest);
    layer.put("size", size);
    return layer;
  }

  /** A bundle layer descriptor for {@code bytes}, whether or not they are stored. */
  static ObjectNode bundleLayer(byte[] bytes) {
    return layer(BUNDLE_TYPE, Digests.compute("sha256:", bytes), bytes.length);
  }

  /**
   * Stores a Sigstore bundle referrer manifest of {@code subject} with these layers, lists it in
   * index.json, and returns its digest.
   */
  String plantReferrer(String subject, List<ObjectNode> layers) throws IOException {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OciJson.OCI_MANIFEST);
    manifest.put("artifactType", BUNDLE_TYPE);
    ObjectNode config = manifest.putObject("config");
    config.put("mediaType", "application/vnd.oci.empty.v1+json");
    config.put("digest", Digests.compute("sha256:", "{}".getBytes(StandardCharsets.UTF_8)));
    config.put("size", 2);
    ArrayNode array = manifest.putArray("layers");
    layers.forEach(array::add);
    ObjectNode subjectNode = manifest.putObject("subject");
    subjectNode.put("mediaType", OciJson.OCI_MANIFEST);
    subjectNode.put("digest", subject);
    subjectNode.put("size", 540);
    byte[] bytes = JSON.writeValueAsBytes(manifest);
    String digest = addBlob(bytes);
    addIndexEntry(OciJson.OCI_MANIFEST, digest, bytes.length, BUNDLE_TYPE, null);
    return digest;
  }

  /** Stores a manifest with these layers under a tag, e.g. a cosign {@code .sig} tag. */
  String plantTag(String tag, List<ObjectNode> layers) throws IOException {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OciJson.OCI_MANIFEST);
    ObjectNode config = manifest.putObject("config");
    config.put("mediaType", "application/vnd.oci.image.config.v1+json");
    config.put("digest", Digests.compute("sha256:", "{}".getBytes(StandardCharsets.UTF_8)));
    config.put("size", 2);
    ArrayNode array = manifest.putArray("layers");
    layers.forEach(array::add);
    return plantTag(tag, JSON.writeValueAsBytes(manifest));
  }

  /** Stores any bytes as the manifest of a tag. */
  String plantTag(String tag, byte[] bytes) throws IOException {
    String digest = addBlob(bytes);
    addIndexEntry(OciJson.OCI_MANIFEST, digest, bytes.length, null, tag);
    return digest;
  }

  /** Adds an entry to index.json. */
  void addIndexEntry(String mediaType, String digest, long size, String artifactType, String tag)
      throws IOException {
    Path indexFile = root.resolve("index.json");
    ObjectNode index = (ObjectNode) JSON.readTree(indexFile.toFile());
    ObjectNode entry = ((ArrayNode) index.get("manifests")).addObject();
    entry.put("mediaType", mediaType);
    entry.put("digest", digest);
    entry.put("size", size);
    if (artifactType != null) {
      entry.put("artifactType", artifactType);
    }
    if (tag != null) {
      entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
    }
    Files.write(indexFile, JSON.writeValueAsBytes(index));
  }
}
