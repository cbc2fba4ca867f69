package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {
  private static final Clock T0 =
      Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 =
      Clock.fixed(Instant.parse("2026-12-04T10:05:00Z"), ZoneOffset.UTC);

  @Test
  void stampsEveryConditionWithTheGenerationAndTime() {
    PromotionStatus s =
        StatusBuilder.from(null, 3, T0)
            .condition(ConditionTypes.READY, null, "Progressing", "verifying")
            .build();

    Condition ready = s.getConditions().get(0);
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-12-04T10:00:00Z");
    assertThat(s.getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void keepsTransitionTimeWhenStatusDoesNotFlip() {
    PromotionStatus first =
        StatusBuilder.from(null, 1, T0)
            .condition(ConditionTypes.EVIDENCE_VERIFIED, false, "EvidenceMissing", "a")
            .build();
    PromotionStatus second =
        StatusBuilder.from(first, 1, T1)
            .condition(ConditionTypes.EVIDENCE_VERIFIED, false, "IdentityMismatch", "b")
            .build();

    Condition c = second.getConditions().get(0);
    assertThat(c.getLastTransitionTime()).isEqualTo("2026-12-04T10:00:00Z");
    assertThat(c.getReason()).isEqualTo("IdentityMismatch");
  }

  @Test
  void movesTransitionTimeWhenStatusFlips() {
    PromotionStatus first =
        StatusBuilder.from(null, 1, T0)
            .condition(ConditionTypes.READY, null, "Progressing", "")
            .build();
    PromotionStatus second =
        StatusBuilder.from(first, 1, T1)
            .condition(ConditionTypes.READY, true, "Succeeded", "")
            .build();

    assertThat(second.getConditions().get(0).getLastTransitionTime())
        .isEqualTo("2026-12-04T10:05:00Z");
  }

  @Test
  void replacesAConditionOfTheSameTypeInsteadOfAddingASecond() {
    PromotionStatus s =
        StatusBuilder.from(null, 1, T0)
            .condition(ConditionTypes.READY, null, "Progressing", "")
            .condition(ConditionTypes.READY, false, "EvidenceMissing", "")
            .build();

    assertThat(s.getConditions()).extracting(Condition::getType).containsExactly("Ready");
  }

  @Test
  void capsLongMessages() {
    String huge = "x".repeat(100_000);
    PromotionStatus s =
        StatusBuilder.from(null, 1, T0)
            .phase(Phase.Failed, huge)
            .condition(ConditionTypes.READY, false, "EvidenceMissing", huge)
            .build();

    assertThat(s.getMessage()).hasSizeLessThanOrEqualTo(StatusBuilder.MAX_MESSAGE);
    assertThat(s.getConditions().get(0).getMessage()).endsWith("(truncated)");
  }

  @Test
  void shortensDigestAndCommitForPrinterColumns() {
    PromotionStatus s =
        StatusBuilder.from(null, 1, T0)
            .digest("sha256:fef24f66563c240cf8f0646ba3df73bb12487c11a115e90f701ef4f5f3e93362")
            .commit("0123456789abcdef0123456789abcdef01234567")
            .build();

    assertThat(s.getShortDigest()).isEqualTo("sha256:fef24f66563c");
    assertThat(s.getShortCommit()).isEqualTo("0123456789ab");
  }

  @Test
  void reportsNoDifferenceForAnIdenticalRebuild() {
    PromotionStatus first =
        StatusBuilder.from(null, 1, T0)
            .phase(Phase.Succeeded, "done")
            .evidence(
                List.of(new EvidenceRecord("signature", "referrer sha256:1", "me", "iss", "")))
            .condition(ConditionTypes.READY, true, "Succeeded", "done")
            .build();
    PromotionStatus again =
        StatusBuilder.from(first, 1, T1)
            .phase(Phase.Succeeded, "done")
            .condition(ConditionTypes.READY, true, "Succeeded", "done")
            .build();

    assertThat(StatusBuilder.differs(first, again)).isFalse();
    assertThat(StatusBuilder.differs(first, StatusBuilder.from(first, 2, T1).build())).isTrue();
    assertThat(StatusBuilder.differs(null, first)).isTrue();
  }
}
