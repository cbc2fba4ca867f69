package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.ConditionTypes;
import dev.shipproof.api.v1alpha1.EvidenceRecord;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.api.v1alpha1.Reasons;
import dev.shipproof.promote.Outcome;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Promotion conditions follow the Kubernetes API convention (metav1.Condition) and the contract
 * kstatus reads, so that {@code kubectl wait --for=condition=Ready}, Argo CD and Flux health checks
 * understand a Promotion without custom code: Ready=True when it is done, Stalled=True when it
 * stopped for good, Ready=False and Stalled=False while it is retried, and every condition says
 * which generation it describes.
 */
class ConditionConventionTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
  static final String DIGEST = "sha256:" + "a".repeat(64);
  static final long GENERATION = 3;

  /** metav1.Condition's reason validation: CamelCase, starting with a letter. */
  static final Pattern REASON = Pattern.compile("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");

  /** metav1.Condition's type validation (without the optional DNS prefix). */
  static final Pattern TYPE = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");

  @Test
  void succeededPromotionIsReadyAndNotStalled() {
    PromotionStatus status =
        PromotionStatuses.of(
            null,
            GENERATION,
            CLOCK,
            new Outcome.Landed(DIGEST, "c0ffee", false, evidence(), "pinned"));

    assertFollowsConvention(status);
    assertThat(status.getPhase()).isEqualTo(Phase.Succeeded);
    assertThat(kstatus(status)).isEqualTo("Current");
    assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("True");
    assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("False");
  }

  @Test
  void failedPromotionAtEveryStageIsStalledAndNotReady() {
    for (Outcome.Stage stage : Outcome.Stage.values()) {
      PromotionStatus status =
          PromotionStatuses.of(
              null,
              GENERATION,
              CLOCK,
              new Outcome.Refused(stage, Reasons.POLICY_DENIED, DIGEST, List.of(), "denied"));

      assertFollowsConvention(status);
      assertThat(status.getPhase()).isEqualTo(Phase.Failed);
      assertThat(kstatus(status)).as("stage %s", stage).isEqualTo("Failed");
      assertThat(condition(status, ConditionTypes.STALLED).getReason())
          .isEqualTo(Reasons.POLICY_DENIED);
    }
  }

  @Test
  void transitionTimeStaysWhenTheStatusDoesNotFlip() {
    Clock later = Clock.offset(CLOCK, java.time.Duration.ofMinutes(5));
    PromotionStatus first =
        StatusBuilder.from(null, 1, CLOCK)
            .condition(ConditionTypes.READY, false, Reasons.GIT_UNAVAILABLE, "down")
            .build();

    PromotionStatus same =
        StatusBuilder.from(first, 1, later)
            .condition(ConditionTypes.READY, false, Reasons.REGISTRY_UNAVAILABLE, "still down")
            .build();
    PromotionStatus flipped =
        StatusBuilder.from(same, 1, later)
            .condition(ConditionTypes.READY, true, Reasons.SUCCEEDED, "done")
            .build();

    assertThat(condition(same, ConditionTypes.READY).getLastTransitionTime())
        .isEqualTo("2026-12-04T12:00:00Z");
    assertThat(condition(flipped, ConditionTypes.READY).getLastTransitionTime())
        .isEqualTo("2026-12-04T12:05:00Z");
  }

  /** The parts of metav1.Condition and kstatus a Promotion's conditions must satisfy. */
  static void assertFollowsConvention(PromotionStatus status) {
    assertThat(status.getObservedGeneration()).isEqualTo(GENERATION);
    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .doesNotHaveDuplicates()
        .contains(ConditionTypes.READY, ConditionTypes.STALLED);
    assertThat(status.getConditions())
        .allSatisfy(
            c -> {
              assertThat(c.getType()).matches(TYPE);
              assertThat(c.getStatus()).isIn("True", "False", "Unknown");
              assertThat(c.getReason()).matches(REASON);
              assertThat(c.getMessage()).isNotNull().hasSizeLessThanOrEqualTo(32_768);
              assertThat(c.getObservedGeneration()).isEqualTo(GENERATION);
              assertThat(Instant.parse(c.getLastTransitionTime())).isNotNull();
            });
  }

  /**
   * kstatus's reading of a resource with standard conditions, for a status observed at the current
   * generation: Stalled=True is Failed, Reconciling=True or Ready not True is InProgress,
   * Ready=True is Current.
   */
  static String kstatus(PromotionStatus status) {
    Map<String, String> byType =
        status.getConditions().stream()
            .collect(java.util.stream.Collectors.toMap(Condition::getType, Condition::getStatus));
    if ("True".equals(byType.get("Stalled"))) {
      return "Failed";
    }
    if ("True".equals(byType.get("Reconciling")) || !"True".equals(byType.get("Ready"))) {
      return "InProgress";
    }
    return "Current";
  }

  static Condition condition(PromotionStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static List<EvidenceRecord> evidence() {
    return List.of(new EvidenceRecord("signature", "referrer", "signer", "issuer", "ok"));
  }
}
