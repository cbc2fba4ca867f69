package dev.shipproof.promote;

/**
 * How much git history the operator reads.
 *
 * @param rollbackWalk commits a rollback may read from the tip, through every parent, to find the
 *     pins it needs ({@code shipproof.rollback.history-limit})
 * @param quarantineWalk commits read, through every parent, to rebuild an environment's quarantine
 *     from git: before verification while the Environment's status holds none, and on the tip each
 *     write commits on ({@code shipproof.rollback.quarantine-history-limit})
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
