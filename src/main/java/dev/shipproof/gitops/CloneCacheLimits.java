package dev.shipproof.gitops;

import java.time.Duration;

/**
 * Bounds of the working-clone cache of a {@link JgitWorkspace}: how many clones are kept warm and
 * how long an unused one is kept. A clone in use is never deleted, whatever the bounds say.
 *
 * @param maxClones clones kept; beyond it the least recently used are deleted
 * @param maxIdle a clone unused this long is deleted
 */
public record CloneCacheLimits(int maxClones, Duration maxIdle) {
  /** 64 clones, 24 hours ({@code shipproof.git.cache.*} defaults). */
  public static final CloneCacheLimits DEFAULTS = new CloneCacheLimits(64, Duration.ofHours(24));

  /** Rejects bounds that would delete every clone right after its use. */
  public CloneCacheLimits {
    if (maxClones < 1) {
      throw new IllegalArgumentException("shipproof.git.cache.max-clones must be at least 1");
    }
    if (maxIdle == null || maxIdle.isNegative() || maxIdle.isZero()) {
      throw new IllegalArgumentException("shipproof.git.cache.max-idle must be positive");
    }
  }
}
