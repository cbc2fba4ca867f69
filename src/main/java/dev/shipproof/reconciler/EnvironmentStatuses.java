package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Environment status after a landing: the current pin (for the printer columns) and the
 * quarantine ledger. A pure function, so the bookkeeping is tested without an API server.
 */
final class EnvironmentStatuses {
  private EnvironmentStatuses() {}

  /**
   * @param previous the status now (may be null)
   * @param seed the quarantine rebuilt from git, used only when the status was never written
   * @param promotion {@code namespace/name} of the Promotion that landed
   * @param landed what landed
   * @param overridden whether the Promotion carried {@code spec.override.reason}
   * @param now the time of the landing
   */
  static EnvironmentStatus next(
      EnvironmentStatus previous,
      List<RejectedDigest> seed,
      String promotion,
      Outcome.Landed landed,
      boolean overridden,
      Instant now) {
    boolean fresh = previous == null || previous.getCurrentCommit() == null;
    EnvironmentStatus next = copy(previous);
    if (fresh && seed != null) {
      next.setRejectedDigests(new ArrayList<>(seed));
    }
    if (!landed.alreadyUpToDate() || fresh) {
      next.setCurrentDigest(landed.digest());
      next.setShortDigest(ImageRef.shortDigest(landed.digest()));
      next.setCurrentCommit(landed.commit());
      next.setLastPromotion(promotion);
      next.setLastPromotionTime(now.toString());
    }
    if (overridden) {
      next.getRejectedDigests().removeIf(r -> landed.digest().equals(r.getDigest()));
    }
    Outcome.Rollback rollback = landed.rollback();
    if (rollback != null && rollback.rejectedDigest() != null) {
      next.getRejectedDigests().removeIf(r -> rollback.rejectedDigest().equals(r.getDigest()));
      RejectedDigest r = new RejectedDigest();
      r.setDigest(rollback.rejectedDigest());
      r.setImage(rollback.image());
      r.setPromotion(promotion);
      r.setCommit(landed.commit());
      r.setTime(now.toString());
      r.setReason(rollback.reason());
      next.getRejectedDigests().add(0, r);
    }
    next.setQuarantined(next.getRejectedDigests().size());
    return next;
  }

  private static EnvironmentStatus copy(EnvironmentStatus s) {
    EnvironmentStatus c = new EnvironmentStatus();
    if (s == null) {
      return c;
    }
    c.setCurrentDigest(s.getCurrentDigest());
    c.setShortDigest(s.getShortDigest());
    c.setCurrentCommit(s.getCurrentCommit());
    c.setLastPromotion(s.getLastPromotion());
    c.setLastPromotionTime(s.getLastPromotionTime());
    c.setQuarantined(s.getQuarantined());
    c.setRejectedDigests(new ArrayList<>(s.getRejectedDigests()));
    return c;
  }
}
