package dev.shipproof.registry;

import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest fetched by digest whose bytes were hashed and found equal to the digest.
 *
 * @param digest the digest asked for ({@code algo:hex}), which the bytes hash to
 * @param mediaType the manifest's own {@code mediaType} field, or the served content type when the
 *     manifest has none
 * @param bytes the exact bytes received; callers must not modify them
 */
public record FetchedManifest(String digest, String mediaType, byte[] bytes) {

  /** Equal when digest, media type and bytes are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FetchedManifest that
        && digest.equals(that.digest)
        && Objects.equals(mediaType, that.mediaType)
        && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(digest, mediaType, Arrays.hashCode(bytes));
  }

  /** Digest, media type and size; never the bytes. */
  @Override
  public String toString() {
    return "FetchedManifest[" + digest + ", " + mediaType + ", " + bytes.length + " bytes]";
  }
}
