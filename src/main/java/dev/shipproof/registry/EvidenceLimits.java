package dev.shipproof.registry;

/**
 * How much evidence one promotion may read for its digest. Going past any of them fails the
 * collection with a {@link RegistryLimitException}; the defaults are far above what signing tools
 * attach (a Sigstore bundle is a few KiB, an SBOM attestation rarely more than a few MiB).
 *
 * @param maxReferrers referrers followed for one digest, counted after dropping those whose
 *     artifact type is not a Sigstore bundle, each digest once (default 256)
 * @param maxBlobBytes bytes of one evidence blob (default 16 MiB)
 * @param maxEvidenceBytes bytes of all evidence manifests and blobs read for one digest (default 64
 *     MiB)
 */
public record EvidenceLimits(int maxReferrers, long maxBlobBytes, long maxEvidenceBytes) {
  /** 256 referrers, 16 MiB per blob, 64 MiB per digest. */
  public static final EvidenceLimits DEFAULTS =
      new EvidenceLimits(256, 16L * 1024 * 1024, 64L * 1024 * 1024);

  public EvidenceLimits {
    if (maxReferrers < 1 || maxBlobBytes < 1 || maxEvidenceBytes < 1) {
      throw new IllegalArgumentException("evidence limits must be positive");
    }
  }
}
