package dev.shipproof.registry;

import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import java.util.List;

/**
 * Where images and the evidence attached to them come from: a registry, or an OCI image layout.
 * Everything returned was hash-checked against the digest that named it, but no signature was
 * verified: trust is decided elsewhere.
 */
public interface ImageSource {

  /**
   * Fetches the manifest named by {@code ref.digest()}, hashes the bytes received with the digest's
   * algorithm (sha256 or sha512) and compares.
   *
   * @throws RegistryException {@code DIGEST_MISMATCH} when the bytes do not hash to the digest,
   *     {@code NOT_FOUND} when the registry does not know it, {@code UNAVAILABLE} when it cannot be
   *     reached; {@code IllegalArgumentException} when {@code ref} has no digest
   */
  FetchedManifest fetchManifest(ImageRef ref) throws RegistryException;

  /**
   * Collects the evidence attached to {@code ref.digest()}: Sigstore bundles among its OCI 1.1
   * referrers (from the referrers API, or else the {@code <algo>-<hex>} referrers tag), then the
   * layers of cosign's {@code .sig} and {@code .att} tags. Referrers whose {@code subject} names
   * another digest are skipped. An empty list means nothing is attached.
   *
   * @throws RegistryException {@code DIGEST_MISMATCH} when any referrer manifest or blob does not
   *     hash to its descriptor's digest, {@code REFUSED} when a size or count limit is exceeded,
   *     {@code UNAVAILABLE} when the registry cannot be reached
   */
  List<EvidenceItem> collectEvidence(ImageRef ref) throws RegistryException;
}
