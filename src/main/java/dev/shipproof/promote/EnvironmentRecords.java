package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentSpec;
import dev.shipproof.api.v1alpha1.EnvironmentStatus;

/**
 * Where an Environment's observed status comes from when no cluster keeps it ({@code shipproof
 * promote}): the status written in its file, or one rebuilt from the trailers of its git history
 * (current digest, quarantined digests).
 */
@FunctionalInterface
public interface EnvironmentRecords {
  /** The status as written in the file (may be {@code null}). */
  EnvironmentRecords AS_WRITTEN = (name, spec, written) -> written;

  /**
   * @param name the Environment's name
   * @param spec its spec (git URL and branch of its record)
   * @param written the status in its file, or {@code null}
   * @return the status to decide with, or {@code null} when there is none
   * @throws PromotionOutage when the record cannot be read now
   */
  EnvironmentStatus statusOf(String name, EnvironmentSpec spec, EnvironmentStatus written)
      throws PromotionOutage;
}
