package dev.shipproof.promote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import dev.shipproof.registry.FetchedManifest;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The platform manifests an image index lists, and the evidence attached to each, for a policy
 * whose {@code platforms} mode judges every child. Each child manifest is fetched by digest (so its
 * bytes are hash-checked, and a message signature over them can be verified) before its evidence is
 * collected.
 */
final class PlatformEvidence {
  /** More children than this is not a multi-arch image but an attempt to make us fetch forever. */
  static final int MAX_CHILDREN = 64;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String DOCKER_INDEX =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** BuildKit lists its attestation manifests in the index; they are not platforms. */
  private static final String REFERENCE_TYPE = "vnd.docker.reference.type";

  private PlatformEvidence() {}

  /**
   * A platform manifest of an index, fetched, with its unverified evidence.
   *
   * @param digest the child's digest
   * @param platform {@code os/architecture[/variant]}, or null when the index does not say
   * @param manifest the child manifest as fetched and hash-checked
   * @param items the evidence attached to the child
   */
  record Child(
      String digest, String platform, FetchedManifest manifest, List<EvidenceItem> items) {}

  /** A child as listed by the index, before anything is fetched. */
  record Listed(String digest, String platform) {}

  /** Whether the manifest is an image index (OCI index or Docker manifest list). */
  static boolean isIndex(FetchedManifest manifest) {
    if (OCI_INDEX.equals(manifest.mediaType()) || DOCKER_INDEX.equals(manifest.mediaType())) {
      return true;
    }
    var json = parse(manifest.bytes());
    return json != null && json.path("manifests").isArray() && !json.has("layers");
  }

  /**
   * The platform manifests an index lists, in index order, each digest once.
   *
   * @throws RegistryException {@code REFUSED} when the index lists more than {@value #MAX_CHILDREN}
   *     or a child with a malformed digest
   */
  static List<Listed> listed(FetchedManifest index) throws RegistryException {
    var json = parse(index.bytes());
    var manifests = json == null ? null : json.path("manifests");
    if (manifests == null || !manifests.isArray()) {
      return List.of();
    }
    var seen = new LinkedHashSet<String>();
    var listed = new ArrayList<Listed>();
    for (var entry : manifests) {
      if ("attestation-manifest".equals(entry.path("annotations").path(REFERENCE_TYPE).asText())) {
        continue;
      }
      var digest = entry.path("digest").asText("");
      if (!SHA256.matcher(digest).matches()) {
        throw new RegistryException(
            RegistryException.Kind.REFUSED,
            "image index "
                + index.digest()
                + " lists a manifest with malformed digest \""
                + digest
                + "\"");
      }
      if (seen.add(digest)) {
        listed.add(new Listed(digest, platform(entry.path("platform"))));
      }
    }
    if (listed.size() > MAX_CHILDREN) {
      throw new RegistryException(
          RegistryException.Kind.REFUSED,
          "image index "
              + index.digest()
              + " lists "
              + listed.size()
              + " platform manifests, more than the "
              + MAX_CHILDREN
              + " this operator judges one by one");
    }
    return listed;
  }

  /** Fetches each child of {@code index} and collects the evidence attached to it. */
  static List<Child> gather(
      ImageSource source, ImageRef ref, FetchedManifest index, Progress progress)
      throws RegistryException {
    var children = new ArrayList<Child>();
    for (var child : listed(index)) {
      var childRef = ref.withDigest(child.digest());
      var manifest = source.fetchManifest(childRef);
      var items = source.collectEvidence(childRef);
      progress.step(
          "evidence",
          items.size()
              + " item(s) attached to "
              + (child.platform() == null ? "" : child.platform() + " ")
              + childRef.shortDigest());
      children.add(new Child(child.digest(), child.platform(), manifest, items));
    }
    return children;
  }

  private static String platform(JsonNode platform) {
    var os = platform.path("os").asText("");
    var arch = platform.path("architecture").asText("");
    if (os.isEmpty() || arch.isEmpty()) {
      return null;
    }
    var variant = platform.path("variant").asText("");
    return os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant);
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      var node = JSON.readTree(bytes);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
