package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.promote.Outcome;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PromotionStatusesTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final List<EvidenceRecord> EVIDENCE =
      List.of(new EvidenceRecord("signature", "referrer sha256:1", "me", "iss", "ok"));

  @Test
  void landedPushMarksEveryConditionTrue() {
    PromotionStatus s =
        PromotionStatuses.of(
            null, 2, CLOCK, new Outcome.Landed(DIGEST, "c0ffee", false, EVIDENCE, "pinned"));

    assertThat(s.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(s.getCommit()).isEqualTo("c0ffee");
    assertThat(s.getEvidence()).isEqualTo(EVIDENCE);
    assertThat(conditions(s))
        .containsEntry("EvidenceVerified", "True/EvidenceVerified")
        .containsEntry("Committed", "True/Pushed")
        .containsEntry("Ready", "True/Succeeded")
        .containsEntry("Stalled", "False/Succeeded");
  }

  @Test
  void landedWithoutPushSaysAlreadyUpToDate() {
    PromotionStatus s =
        PromotionStatuses.of(
            null, 1, CLOCK, new Outcome.Landed(DIGEST, "c0ffee", true, EVIDENCE, "same"));

    assertThat(conditions(s)).containsEntry("Committed", "True/AlreadyUpToDate");
  }

  @Test
  void evidenceRefusalFailsEvidenceVerifiedAndStalls() {
    PromotionStatus s =
        PromotionStatuses.of(
            null,
            1,
            CLOCK,
            new Outcome.Refused(
                Outcome.Stage.EVIDENCE, "IdentityMismatch", DIGEST, List.of(), "who?"));

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(s.getCommit()).isNull();
    assertThat(conditions(s))
        .containsEntry("EvidenceVerified", "False/IdentityMismatch")
        .containsEntry("Ready", "False/IdentityMismatch")
        .containsEntry("Stalled", "True/IdentityMismatch")
        .doesNotContainKey("Committed");
  }

  @Test
  void gitRefusalKeepsEvidenceVerifiedTrue() {
    PromotionStatus s =
        PromotionStatuses.of(
            null,
            1,
            CLOCK,
            new Outcome.Refused(Outcome.Stage.GIT, "PushRejected", DIGEST, EVIDENCE, "hook"));

    assertThat(conditions(s))
        .containsEntry("EvidenceVerified", "True/EvidenceVerified")
        .containsEntry("Committed", "False/PushRejected")
        .containsEntry("Stalled", "True/PushRejected");
  }

  @Test
  void specRefusalSetsOnlyReadyAndStalled() {
    PromotionStatus s =
        PromotionStatuses.of(
            null,
            1,
            CLOCK,
            new Outcome.Refused(Outcome.Stage.SPEC, "DigestRequired", null, List.of(), "tag"));

    assertThat(conditions(s)).containsOnlyKeys("Ready", "Stalled");
    assertThat(s.getDigest()).isNull();
  }

  private static Map<String, String> conditions(PromotionStatus s) {
    return s.getConditions().stream()
        .collect(Collectors.toMap(Condition::getType, c -> c.getStatus() + "/" + c.getReason()));
  }
}
