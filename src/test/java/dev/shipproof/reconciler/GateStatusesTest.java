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

/** How the upstream gate's and the registry copy's outcomes read in a Promotion's status. */
class GateStatusesTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final List<EvidenceRecord> EVIDENCE =
      List.of(new EvidenceRecord("signature", "referrer sha256:1", "me", "iss", "ok"));

  @Test
  void aSoakInProgressIsPendingWithVerifiedEvidenceAndNotStalled() {
    Instant until = Instant.parse("2026-12-04T13:00:00Z");
    PromotionStatus s =
        PromotionStatuses.of(
            null,
            1,
            CLOCK,
            new Outcome.Waiting("SoakIncomplete", DIGEST, until, EVIDENCE, "1h left"));

    assertThat(s.getPhase()).isEqualTo(Phase.Pending);
    assertThat(s.getPhase().isTerminal()).isFalse();
    assertThat(s.getEvidence()).isEqualTo(EVIDENCE);
    assertThat(s.getCommit()).isNull();
    assertThat(conditions(s))
        .containsEntry("EvidenceVerified", "True/EvidenceVerified")
        .containsEntry("Ready", "False/SoakIncomplete")
        .containsEntry("Stalled", "False/SoakIncomplete")
        .doesNotContainKey("Committed");
  }

  @Test
  void aGateRefusalKeepsEvidenceVerifiedAndStalls() {
    PromotionStatus s =
        PromotionStatuses.of(
            null,
            1,
            CLOCK,
            new Outcome.Refused(
                Outcome.Stage.GATE, "UpstreamNotPinned", DIGEST, EVIDENCE, "replaced"));

    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(conditions(s))
        .containsEntry("EvidenceVerified", "True/EvidenceVerified")
        .containsEntry("Ready", "False/UpstreamNotPinned")
        .containsEntry("Stalled", "True/UpstreamNotPinned")
        .doesNotContainKey("Committed");
  }

  private static Map<String, String> conditions(PromotionStatus s) {
    return s.getConditions().stream()
        .collect(Collectors.toMap(Condition::getType, c -> c.getStatus() + "/" + c.getReason()));
  }
}
