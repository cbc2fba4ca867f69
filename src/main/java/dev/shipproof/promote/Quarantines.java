package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.gitops.PublishOutcome;
import dev.shipproof.gitops.TipGuard;
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
    if (request.overridden()) {
      return null;
    }
    return refusal(ledger.find(ref.digest()), request, ref);
  }

  /**
   * The same rule, asked again by the write on the exact tip it commits on, over the quarantine the
   * environment's commits at that tip record: a rollback may have landed after the first check (by
   * the CLI, a person or another operator deployment), and re-pinning the digest it rolled away
   * from would undo it. {@code null} when the request carries an override, which both checks
   * honour.
   *
   * @param limit commits read back from the tip, through every parent
   */
  static TipGuard atTip(PromotionRequest request, ImageRef ref, int limit) {
    if (request.overridden() || request.environmentName() == null) {
      return null;
    }
    return new TipGuard(
        request.environmentName(),
        limit,
        newestFirst -> {
          Outcome.Refused refused =
              refusal(
                  QuarantineLedger.find(QuarantineLedger.rebuild(newestFirst), ref.digest()),
                  request,
                  ref);
          return refused == null
              ? Optional.empty()
              : Optional.of(new PublishOutcome.Refused(refused.reason(), refused.message()));
        });
  }

  private static Outcome.Refused refusal(
      Optional<RejectedDigest> hit, PromotionRequest request, ImageRef ref) {
    if (hit.isEmpty()) {
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
