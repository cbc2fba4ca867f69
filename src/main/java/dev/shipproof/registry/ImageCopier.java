package dev.shipproof.registry;

import dev.shipproof.model.ImageRef;

/**
 * Copies an image by digest, with the evidence attached to it, into another repository, so that the
 * destination serves the very same digest: build once, promote many.
 */
public interface ImageCopier {

  /**
   * Copies {@code source} (a reference with a digest) to {@code destination} (the same digest in
   * the destination repository): the manifest or index with every child manifest, all blobs they
   * name, the OCI referrers of each (and the referrers tag schema index where the destination has
   * no referrers API), and cosign's {@code sha256-<hex>.sig/.att/.sbom} tags. Manifests are pushed
   * as the exact bytes fetched; what the destination already holds is not uploaded again. Finally
   * the destination's bytes for the digest are fetched and hashed.
   *
   * @return what was done
   * @throws RegistryException {@code DIGEST_MISMATCH} when the destination serves other bytes for
   *     the digest or the source's bytes do not hash to their digest; {@code REFUSED} when the
   *     destination refused a manifest or blob; {@code UNAVAILABLE}/{@code UNAUTHORIZED} as for
   *     reads; {@code NOT_FOUND} when the source lacks a part
   */
  CopyReport copy(ImageRef source, ImageRef destination) throws RegistryException;

  /** Reads back from the destination registry with the copier's destination access. */
  ImageSource destination();
}
