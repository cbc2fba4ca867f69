package dev.shipproof.reconciler;

import java.time.Duration;

/**
 * How the reconciler paces promotions.
 *
 * @param queueRecheck how soon a promotion queued behind an older one of its environment looks
 *     again
 * @param internalErrorAttempts attempts that may fail with the same unexpected error before the
 *     promotion is given up as {@code Failed} with {@code InternalError}
 * @param drain lets running reconciliations finish at shutdown and refuses new ones
 */
public record Scheduling(Duration queueRecheck, int internalErrorAttempts, ShutdownDrain drain) {
  /** The defaults of {@code shipproof.reconcile.*}, with a drain of its own. */
  public static Scheduling defaults() {
    return new Scheduling(Duration.ofSeconds(2), 5, new ShutdownDrain());
  }

  /** Checks the bounds. */
  public Scheduling {
    if (queueRecheck.isNegative() || queueRecheck.isZero()) {
      throw new IllegalArgumentException(
          "queue recheck interval must be positive: " + queueRecheck);
    }
    if (internalErrorAttempts < 1) {
      throw new IllegalArgumentException(
          "internal error attempts must be at least 1: " + internalErrorAttempts);
    }
  }
}
