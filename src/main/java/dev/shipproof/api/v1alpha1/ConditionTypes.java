package dev.shipproof.api.v1alpha1;

/** Condition types written on a Promotion. */
public final class ConditionTypes {
  /** The digest's evidence met the environment's policy. */
  public static final String EVIDENCE_VERIFIED = "EvidenceVerified";

  /** The environment repository pins the digest (pushed now, or already there). */
  public static final String COMMITTED = "Committed";

  /**
   * The Argo CD or Flux object the Environment names reports the pushed commit as applied and
   * healthy. Written only when the Environment has {@code spec.sync}; does not change the phase.
   */
  public static final String SYNCED = "Synced";

  /** The promotion reached its goal. */
  public static final String READY = "Ready";

  /** The promotion stopped for a reason that retrying will not change. */
  public static final String STALLED = "Stalled";

  private ConditionTypes() {}
}
