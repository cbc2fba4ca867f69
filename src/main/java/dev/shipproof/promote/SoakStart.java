package dev.shipproof.promote;

import dev.shipproof.gitops.HistoryCommit;
import java.time.Instant;

/**
 * When a digest started soaking in the upstream environment. The default is the committer time of
 * the commit that pinned it there; a source that knows when the upstream's Argo CD or Flux object
 * reported that commit synced can take its place.
 */
@FunctionalInterface
public interface SoakStart {
  /** The landing commit's committer time. */
  SoakStart COMMIT_TIME = (upstream, landing) -> landing.committed();

  /**
   * @param upstream the upstream environment's record
   * @param landing the commit that pinned the digest there
   * @return when the soak began; {@code null} when it has not begun (not synced yet), in which case
   *     the promotion waits and looks again later
   */
  Instant since(UpstreamRecord upstream, HistoryCommit landing) throws PromotionOutage;
}
