package dev.shipproof.promote;

/**
 * How much git history the operator reads.
 *
 * @param rollbackWalk first-parent commits a rollback may read from the tip to find the pins it
 *     needs ({@code shipproof.rollback.history-limit})
 * @param quarantineWalk commits read to rebuild an environment's quarantine from git: first-parent
 *     ones before verification while the Environment's status holds none, and the newest ones
 *     through every parent on the tip each write commits on ({@code
 *     shipproof.rollback.quarantine-history-limit})
 */
public record HistoryLimits(int rollbackWalk, int quarantineWalk) {
  /** 1000 commits for a rollback lookup, 10000 for a quarantine rebuild. */
  public static final HistoryLimits DEFAULTS = new HistoryLimits(1000, 10_000);

  /** Checks that both are positive. */
  public HistoryLimits {
    if (rollbackWalk < 1 || quarantineWalk < 1) {
      throw new IllegalArgumentException("history limits must be positive");
    }
  }
}
