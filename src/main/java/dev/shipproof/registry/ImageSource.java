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
   * Annotation of an {@link EvidenceItem} whose bytes could not be read (missing, over a size
   * limit, not hashing to its digest, unparseable); its value is a sentence saying why. Such an
   * item has empty {@code content}, and a verifier must reject it as malformed.
   */
  String FETCH_ERROR = "dev.shipproof/fetch-error";

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
   * referrers (from the referrers API, asked for bundle artifact types and filtered again here, and
   * from the {@code <algo>-<hex>} referrers tag: both may exist), then the bundle, simple-signing
   * and DSSE layers of cosign's {@code .sig}, {@code .att} and {@code .sbom} tags. A referrer or
   * blob listed in several places is read once. Referrers whose {@code subject} names another
   * digest are skipped. An empty list means nothing is attached.
   *
   * <p>Anyone allowed to attach evidence can attach a broken piece, so one piece that cannot be
   * read (a referrer manifest, a tag's manifest or a blob that is missing, does not hash to its
   * digest, or is not parseable) does not fail the call: it comes back as an item with empty
   * content and a {@link #FETCH_ERROR} annotation, next to the pieces that could be read.
   *
   * @throws RegistryLimitException when the evidence goes past one of the {@link EvidenceLimits}
   *     (referrers, bytes per blob, bytes in total) or the fixed bounds (4 MiB per manifest, 64
   *     layers per manifest, 16 pages of referrers)
   * @throws RegistryException {@code UNAVAILABLE} when the registry cannot be reached, {@code
   *     UNAUTHORIZED} when it refuses the credentials
   */
  List<EvidenceItem> collectEvidence(ImageRef ref) throws RegistryException;
}
