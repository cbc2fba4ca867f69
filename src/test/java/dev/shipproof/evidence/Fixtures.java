package dev.shipproof.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.testing.EvidenceFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the evidence fixture kit from the test class path. */
public final class Fixtures {
  public static final String SINGLE = EvidenceFixtures.SINGLE;
  public static final String INDEX = EvidenceFixtures.INDEX;
  public static final String ARM64 = EvidenceFixtures.ARM64;
  public static final String ACME_SAN =
      "https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main";
  public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
  static final String BUNDLE_ARTIFACT_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Key id (SHA-256 of the SubjectPublicKeyInfo) of the kit's {@code trust/cosign.pub}. */
  public static final String COSIGN_KEY_ID =
      "8e8c39d4b228313dedd588e4c6293cb75e3ce6cd09c2e074dbb0790f6119e2fe";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TrustRoot trust;

  private Fixtures() {}

  /** The kit's root folder. */
  public static Path root() {
    return EvidenceFixtures.resource("/fixtures/evidence");
  }

  public static byte[] read(String relative) {
    try {
      return Files.readAllBytes(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(String relative) {
    try {
      return JSON.readTree(read(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mock trusted root, parsed once. */
  public static synchronized TrustRoot trust() {
    if (trust == null) {
      trust = TrustRoot.parse(read("trust/trusted_root.json"));
    }
    return trust;
  }

  /** The kit's cosign public key. */
  public static SigningKey cosignKey() {
    return SigningKey.fromPem(new String(read("trust/cosign.pub"), StandardCharsets.UTF_8));
  }

  /** The mock trusted root with the kit's cosign key trusted for keyed evidence. */
  public static TrustRoot trustWithCosignKey() {
    return trust().withKeys(List.of(cosignKey()));
  }

  /** Manifest bytes of an image digest, from the shared image layout. */
  public static byte[] manifest(String digest) {
    return read("image/blobs/sha256/" + digest.substring("sha256:".length()));
  }

  /** A Sigstore bundle evidence item as the registry layer would hand it over. */
  public static EvidenceItem bundleItem(String source, byte[] content, Map<String, String> notes) {
    return new EvidenceItem(
        source, EvidenceItem.Format.SIGSTORE_BUNDLE, BUNDLE_ARTIFACT_TYPE, content, notes);
  }

  /**
   * The Sigstore bundle referrers of {@code digest} in an OCI layout: index.json entries whose
   * manifest has {@code subject.digest == digest} and the bundle artifact type; the item is the
   * manifest's layer blob.
   */
  public static List<EvidenceItem> referrers(String layout, String digest) {
    var items = new ArrayList<EvidenceItem>();
    for (JsonNode entry : json(layout + "/index.json").path("manifests")) {
      if (!BUNDLE_ARTIFACT_TYPE.equals(entry.path("artifactType").asText())) {
        continue;
      }
      var manifestDigest = entry.path("digest").asText();
      var manifest = json(layout + "/blobs/sha256/" + manifestDigest.substring(7));
      if (!digest.equals(manifest.path("subject").path("digest").asText())) {
        continue;
      }
      var notes = new LinkedHashMap<String, String>();
      manifest
          .path("annotations")
          .properties()
          .forEach(f -> notes.put(f.getKey(), f.getValue().asText()));
      for (JsonNode layer : manifest.path("layers")) {
        var blob = read(layout + "/blobs/sha256/" + layer.path("digest").asText().substring(7));
        items.add(bundleItem("referrer " + manifestDigest.substring(0, 19), blob, notes));
      }
    }
    return items;
  }

  /** Manifest bytes of {@code digest} from an OCI layout. */
  public static byte[] manifest(String layout, String digest) {
    return read(layout + "/blobs/sha256/" + digest.substring(7));
  }

  /**
   * The layers of a legacy cosign tag ({@code sha256-<hex>.sig} or {@code .att}) in an OCI layout,
   * as evidence items with their annotations.
   */
  public static List<EvidenceItem> cosignLayers(String layout, String digest, String suffix) {
    var tag = digest.replace(':', '-') + suffix;
    var format =
        suffix.equals(".sig")
            ? EvidenceItem.Format.COSIGN_SIGNATURE
            : EvidenceItem.Format.COSIGN_ATTESTATION;
    var items = new ArrayList<EvidenceItem>();
    for (JsonNode entry : json(layout + "/index.json").path("manifests")) {
      if (!tag.equals(
          entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        continue;
      }
      var manifest = json(layout + "/blobs/sha256/" + entry.path("digest").asText().substring(7));
      for (JsonNode layer : manifest.path("layers")) {
        var notes = new LinkedHashMap<String, String>();
        layer
            .path("annotations")
            .properties()
            .forEach(f -> notes.put(f.getKey(), f.getValue().asText()));
        var blob = read(layout + "/blobs/sha256/" + layer.path("digest").asText().substring(7));
        items.add(new EvidenceItem(tag, format, layer.path("mediaType").asText(), blob, notes));
      }
    }
    return items;
  }
}
