package dev.shipproof.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/**
 * A rollback: revert the commit that pinned the current digest, after verifying the digest it
 * restores under today's policy.
 */
public class RollbackSpec {
  /** What {@link #to} may be: {@code previous}, a sha256 digest or a 40-hex commit SHA. */
  public static final String ROLLBACK_TARGET = "^(previous|sha256:[a-f0-9]{64}|[a-f0-9]{40})$";

  /**
   * What to go back to: `previous` (the digest the current pin replaced), a digest `sha256:<64
   * hex>`, or the SHA of a Shipproof commit whose digest to restore.
   */
  @Default("previous")
  @Pattern(ROLLBACK_TARGET)
  private String to = "previous";

  /**
   * `revert` (git revert of the pinning commit; a conflict with later commits fails) or `pin` (a
   * new forward commit that pins the prior digest).
   */
  @Default("revert")
  private String strategy = "revert";

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }

}
