package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.testing.MovableClock;
import dev.shipproof.testing.RecordingMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PromotionQueueTest {
  final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T12:00:00Z"));
  final RecordingMetrics metrics = new RecordingMetrics();
  final PromotionQueue queue = new PromotionQueue(metrics, clock);

  @Test
  void countsEachPromotionOnceInItsLatestStatePerEnvironment() {
    Promotion a = promotion("a", "production");
    queue.track(a, PromotionQueue.State.IN_FLIGHT);
    queue.track(promotion("b", "production"), PromotionQueue.State.PENDING);
    queue.track(promotion("c", "staging"), PromotionQueue.State.PENDING);
    queue.track(a, PromotionQueue.State.AWAITING_SYNC);

    assertThat(metrics.depths)
        .containsEntry("payments/production in_flight", 0)
        .containsEntry("payments/production awaiting_sync", 1)
        .containsEntry("payments/production pending", 1)
        .containsEntry("payments/staging pending", 1);
  }

  @Test
  void finishedPromotionDropsToZeroInsteadOfDisappearing() {
    Promotion a = promotion("a", "production");
    queue.track(a, PromotionQueue.State.PENDING);

    queue.forget(a);

    assertThat(metrics.depths).containsEntry("payments/production pending", 0);
  }

  @Test
  void promotionNotSeenForFifteenMinutesIsTakenForDeleted() {
    queue.track(promotion("gone", "production"), PromotionQueue.State.PENDING);
    clock.advance(PromotionQueue.STALE.plus(Duration.ofSeconds(1)));

    queue.track(promotion("new", "staging"), PromotionQueue.State.IN_FLIGHT);

    assertThat(metrics.depths)
        .containsEntry("payments/production pending", 0)
        .containsEntry("payments/staging in_flight", 1);
  }

  private static Promotion promotion(String name, String environment) {
    Promotion p = new Promotion();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("payments")
            .withUid("uid-" + name)
            .build());
    PromotionSpec spec = new PromotionSpec();
    spec.setEnvironment(environment);
    p.setSpec(spec);
    return p;
  }
}
