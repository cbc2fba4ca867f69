package dev.shipproof.registry;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the few OCI manifest and index fields the collector needs from untrusted JSON. */
final class OciJson {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_INDEX = "application/vnd.docker.distribution.manifest.list.v2+json";

  /**
   * Duplicate keys are an error: a registry must not serve a manifest that two readers could
   * understand differently (one taking the first {@code mediaType}, another the last).
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private OciJson() {}

  /**
   * The JSON object in {@code bytes}, or empty when they are not a JSON object (also when a key
   * repeats).
   */
  static Optional<JsonNode> parse(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  static boolean isIndex(JsonNode manifest, String servedType) {
    String type = Optional.ofNullable(text(manifest, "mediaType")).orElse(servedType);
    return OCI_INDEX.equals(type) || DOCKER_INDEX.equals(type) || manifest.has("manifests");
  }

  static boolean isImageManifestType(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  /**
   * The descriptors in an array field ({@code manifests} or {@code layers}); bad entries dropped.
   */
  static List<Descriptor> descriptors(JsonNode node, String field) {
    List<Descriptor> out = new ArrayList<>();
    JsonNode array = node.get(field);
    if (array == null || !array.isArray()) {
      return out;
    }
    for (JsonNode entry : array) {
      descriptor(entry).ifPresent(out::add);
    }
    return out;
  }

  /** A single descriptor object, when it has a media type and a digest. */
  static Optional<Descriptor> descriptor(JsonNode entry) {
    if (entry == null || !entry.isObject()) {
      return Optional.empty();
    }
    String mediaType = text(entry, "mediaType");
    String digest = text(entry, "digest");
    JsonNode size = entry.get("size");
    if (digest == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Descriptor(
            mediaType,
            digest,
            size != null && size.canConvertToLong() ? size.asLong() : -1,
            text(entry, "artifactType"),
            annotations(entry)));
  }

  /** String-valued annotations of a descriptor or manifest; other values are ignored. */
  static Map<String, String> annotations(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode annotations = node.get("annotations");
    if (annotations != null && annotations.isObject()) {
      annotations
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual()) {
                  out.put(e.getKey(), e.getValue().asText());
                }
              });
    }
    return out;
  }

  /** {@code subject.digest}, or {@code null} when the manifest has no subject. */
  static String subjectDigest(JsonNode manifest) {
    JsonNode subject = manifest.get("subject");
    return subject != null && subject.isObject() ? text(subject, "digest") : null;
  }

  /** {@code artifactType}, or the config media type as OCI 1.1 clients fall back to. */
  static String artifactType(JsonNode manifest) {
    String type = text(manifest, "artifactType");
    if (type != null) {
      return type;
    }
    JsonNode config = manifest.get("config");
    return config != null && config.isObject() ? text(config, "mediaType") : null;
  }
}
