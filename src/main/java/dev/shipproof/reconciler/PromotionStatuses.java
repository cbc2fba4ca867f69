package dev.shipproof.reconciler;

import static dev.shipproof.api.v1alpha1.ConditionTypes.COMMITTED;
import static dev.shipproof.api.v1alpha1.ConditionTypes.EVIDENCE_VERIFIED;
import static dev.shipproof.api.v1alpha1.ConditionTypes.READY;
import static dev.shipproof.api.v1alpha1.ConditionTypes.STALLED;

import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.promote.Outcome;
import java.time.Clock;

/**
 * Turns the outcome of a promotion into the status a user reads; the operator and {@code shipproof
 * promote} print the same status.
 */
public final class PromotionStatuses {
  private PromotionStatuses() {}

  /** The status after {@code outcome}, built from the previous one (may be null). */
  public static PromotionStatus of(
      PromotionStatus previous, long generation, Clock clock, Outcome outcome) {
    StatusBuilder b =
        StatusBuilder.from(previous, generation, clock)
            .digest(outcome.digest())
            .evidence(outcome.evidence());
    if (outcome instanceof Outcome.Landed landed) {
      String committed = landed.alreadyUpToDate() ? Reasons.ALREADY_UP_TO_DATE : Reasons.PUSHED;
      if (landed.rollback() != null) {
        b.revertOf(String.join(" ", landed.rollback().revertOf()));
        committed = landed.alreadyUpToDate() ? Reasons.ALREADY_UP_TO_DATE : Reasons.REVERTED;
      }
      return b.phase(Phase.Succeeded, landed.message())
          .commit(landed.commit())
          .condition(EVIDENCE_VERIFIED, true, Reasons.EVIDENCE_VERIFIED, evidenceLine(landed))
          .condition(COMMITTED, true, committed, landed.message())
          .condition(READY, true, Reasons.SUCCEEDED, landed.message())
          .condition(STALLED, false, Reasons.SUCCEEDED, "")
          .build();
    }
    if (outcome instanceof Outcome.Waiting waiting) {
      // Not final and not an outage: evidence verified, and the wait has a known end.
      return b.phase(Phase.Pending, waiting.message())
          .condition(EVIDENCE_VERIFIED, true, Reasons.EVIDENCE_VERIFIED, "policy met")
          .condition(READY, false, waiting.reason(), waiting.message())
          .condition(STALLED, false, waiting.reason(), "waiting until " + waiting.notBefore())
          .build();
    }
    Outcome.Refused refused = (Outcome.Refused) outcome;
    b.phase(Phase.Failed, refused.message());
    switch (refused.stage()) {
      case EVIDENCE -> b.condition(EVIDENCE_VERIFIED, false, refused.reason(), refused.message());
      case GATE -> b.condition(EVIDENCE_VERIFIED, true, Reasons.EVIDENCE_VERIFIED, "policy met");
      case GIT -> {
        b.condition(EVIDENCE_VERIFIED, true, Reasons.EVIDENCE_VERIFIED, "policy met");
        b.condition(COMMITTED, false, refused.reason(), refused.message());
      }
      case SPEC -> {
        // Nothing was verified or committed: those conditions stay absent.
      }
    }
    return b.condition(READY, false, refused.reason(), refused.message())
        .condition(STALLED, true, refused.reason(), refused.message())
        .build();
  }

  private static String evidenceLine(Outcome.Landed landed) {
    if (landed.evidence().isEmpty()) {
      return "verified when it landed; nothing new was pushed";
    }
    return landed.evidence().size() + " policy requirement(s) met by verified evidence";
  }
}
