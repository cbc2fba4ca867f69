package dev.shipproof.policy;

import dev.shipproof.model.Claim;
import java.util.List;

/**
 * The verified claims for a promoted digest and, for a multi-arch image, for the digests related to
 * it: the platform manifests of an index, or the index a platform manifest was promoted from.
 *
 * @param digest the promoted digest
 * @param claims the claims for that digest
 * @param index whether the digest is an image index
 * @param children for an index, its platform manifests in index order; empty otherwise
 * @param parent for a platform manifest, an image index the caller knows lists it; else null
 */
public record ImageEvidence(
    String digest, List<Claim> claims, boolean index, List<Child> children, Parent parent) {

  /** Copies the lists; null lists are empty. */
  public ImageEvidence {
    claims = claims == null ? List.of() : List.copyOf(claims);
    children = children == null ? List.of() : List.copyOf(children);
  }

  /**
   * A platform manifest listed by an index.
   *
   * @param digest its digest
   * @param platform e.g. {@code linux/arm64/v8}, or null when the index does not say
   * @param claims its claims, or null when its evidence was not gathered
   */
  public record Child(String digest, String platform, List<Claim> claims) {
    public Child {
      claims = claims == null ? null : List.copyOf(claims);
    }
  }

  /**
   * An image index that lists the promoted platform manifest.
   *
   * @param digest the index digest
   * @param claims the claims for the index
   */
  public record Parent(String digest, List<Claim> claims) {
    public Parent {
      claims = claims == null ? List.of() : List.copyOf(claims);
    }
  }

  /** A single-platform manifest (or an index whose children are not looked at). */
  public static ImageEvidence manifest(String digest, List<Claim> claims) {
    return new ImageEvidence(digest, claims, false, List.of(), null);
  }

  /** An image index and its platform manifests. */
  public static ImageEvidence index(String digest, List<Claim> claims, List<Child> children) {
    return new ImageEvidence(digest, claims, true, children, null);
  }

  /** The same manifest, promoted from (and listed by) the given index. */
  public ImageEvidence withParent(String indexDigest, List<Claim> indexClaims) {
    return new ImageEvidence(digest, claims, index, children, new Parent(indexDigest, indexClaims));
  }
}
