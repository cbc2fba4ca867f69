package dev.shipproof.evidence;

import java.util.Map;
import java.util.Optional;

/** The Sigstore bundle versions this verifier reads, by media type. */
enum BundleVersion {
  V0_1,
  V0_2,
  V0_3;

  private static final Map<String, BundleVersion> MEDIA_TYPES =
      Map.of(
          "application/vnd.dev.sigstore.bundle+json;version=0.1", V0_1,
          "application/vnd.dev.sigstore.bundle+json;version=0.2", V0_2,
          "application/vnd.dev.sigstore.bundle+json;version=0.3", V0_3,
          "application/vnd.dev.sigstore.bundle.v0.3+json", V0_3);

  /** The version a media type names, if it is one we read. */
  static Optional<BundleVersion> of(String mediaType) {
    return Optional.ofNullable(mediaType == null ? null : MEDIA_TYPES.get(mediaType.strip()));
  }

  /** From v0.2 on, a log entry must carry an inclusion proof; v0.1 may carry only a SET. */
  boolean requiresInclusionProof() {
    return this != V0_1;
  }

  @Override
  public String toString() {
    return "v" + name().substring(1).replace('_', '.');
  }
}
