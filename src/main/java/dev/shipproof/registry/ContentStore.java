package dev.shipproof.registry;

import dev.shipproof.model.ImageRef;
import java.util.Optional;

/**
 * The raw reads the collection logic needs, so that a registry and an image layout share one
 * implementation of hashing, limits and the referrers / tag-schema / cosign walk. Implementations
 * return bytes as received and do no digest checks of their own.
 */
interface ContentStore {

  /**
   * A manifest by digest or tag, or empty when the store has none.
   *
   * @param maxBytes refuse with {@code REFUSED} rather than read more than this
   */
  Optional<Content> manifest(ImageRef image, String reference, long maxBytes)
      throws RegistryException;

  /**
   * The referrers of {@code digest} from an OCI 1.1 referrers API, or empty when the store has no
   * such API. The store asks for {@code artifactType} only (a hint: the caller filters again) and
   * says whether the filter was applied.
   *
   * @throws RegistryLimitException when the list runs past the pages the store follows
   */
  Optional<Referrers> referrers(ImageRef image, String digest, String artifactType)
      throws RegistryException;

  /** A blob by digest, or empty when the store has none. */
  Optional<byte[]> blob(ImageRef image, String digest, long maxBytes) throws RegistryException;

  /** Names the store in messages, e.g. {@code registry 127.0.0.1:5000/acme/api}. */
  String describe(ImageRef image);
}
