package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.model.ImageRef;
import java.util.List;
import java.util.Optional;

/** The quarantine check every landing passes: forward promotions and rollbacks alike. */
final class Quarantines {
  private Quarantines() {}

  /**
   * A {@code DigestQuarantined} refusal when {@code ref}'s digest is quarantined in the request's
   * environment and the request carries no override; else {@code null}.
   */
  static Outcome.Refused refusal(QuarantineLedger ledger, PromotionRequest request, ImageRef ref)
      throws PromotionOutage {
    Optional<RejectedDigest> hit = ledger.find(ref.digest());
    if (hit.isEmpty() || request.overridden()) {
      return null;
    }
    RejectedDigest r = hit.get();
    return Promoter.refused(
        Outcome.Stage.SPEC,
        Reasons.DIGEST_QUARANTINED,
        ref.digest(),
        List.of(),
        ref.shortDigest()
            + " is quarantined in "
            + request.environmentName()
            + ": "
            + request.environmentName()
            + " was rolled back from it by "
            + r.getPromotion()
            + " in commit "
            + Promoter.shortSha(nz(r.getCommit()))
            + " at "
            + r.getTime()
            + (r.getReason() == null || r.getReason().isBlank() ? "" : " (" + r.getReason() + ")")
            + "; to promote it anyway set spec.override.reason, which is recorded in the commit");
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
