package dev.shipproof.registry;

/**
 * The evidence attached to a digest goes past one of the bounds on how much is read: too many
 * referrers, layers or pages, or too many bytes in one piece or in total. Final (kind {@link
 * Kind#REFUSED}): the same registry content would go past it again. Unlike a single unreadable
 * piece, it fails the whole collection, so the promotion says which bound was hit instead of
 * quietly verifying less than what is attached.
 */
public final class RegistryLimitException extends RegistryException {
  private final Limit limit;

  /** Which bound was exceeded. */
  public enum Limit {
    /** More referrers (after the artifact type filter) than {@link EvidenceLimits#maxReferrers}. */
    REFERRERS,
    /** A referrers list that goes on for more pages than the client follows. */
    REFERRER_PAGES,
    /** A referrer or cosign tag manifest with more layers than the client reads. */
    LAYERS,
    /** One evidence blob over {@link EvidenceLimits#maxBlobBytes}. */
    BLOB_BYTES,
    /** One referrer or cosign tag manifest over the manifest limit. */
    MANIFEST_BYTES,
    /** All evidence of one digest together over {@link EvidenceLimits#maxEvidenceBytes}. */
    EVIDENCE_BYTES
  }

  public RegistryLimitException(Limit limit, String message) {
    super(Kind.REFUSED, message);
    this.limit = limit;
  }

  /** Which bound was exceeded. */
  public Limit limit() {
    return limit;
  }

  /** Whether the bound counts things (referrers, pages, layers) rather than bytes. */
  public boolean countsItems() {
    return limit == Limit.REFERRERS || limit == Limit.REFERRER_PAGES || limit == Limit.LAYERS;
  }
}
