package dev.shipproof.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.promote.PromotionMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The meter names and tags the Prometheus series in docs/observability.md come from. */
class MicrometerPromotionMetricsTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MicrometerPromotionMetrics metrics = new MicrometerPromotionMetrics(registry);

  @Test
  void countsPromotionsByPhaseAndReason() {
    metrics.promotionFinished("payments", "production", "Failed", "EvidenceMissing");
    metrics.promotionFinished("payments", "production", "Failed", "EvidenceMissing");
    metrics.verificationFailed("payments", "production", "EvidenceMissing");

    assertThat(
            registry
                .get("shipproof.promotions")
                .tags("namespace", "payments", "environment", "production")
                .tags("phase", "Failed", "reason", "EvidenceMissing")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get("shipproof.verification.failures")
                .tag("reason", "EvidenceMissing")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void timesStepsWithTheStepLabel() {
    metrics.stepFinished(
        "payments", "production", PromotionMetrics.Step.SYNC, Duration.ofSeconds(90));

    var timer = registry.get("shipproof.step.duration").tag("step", "sync").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(90.0);
  }

  @Test
  void queueDepthGaugeFollowsTheLatestValue() {
    metrics.queueDepth("payments", "production", "pending", 3);
    metrics.queueDepth("payments", "production", "pending", 1);

    assertThat(registry.get("shipproof.queue.depth").tag("state", "pending").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void countsPushRetriesAndSyncOutcomes() {
    metrics.pushRetried();
    metrics.syncFinished("payments", "production", "application", "False", "Degraded");

    assertThat(registry.get("shipproof.push.retries").counter().count()).isEqualTo(1.0);
    assertThat(
            registry
                .get("shipproof.sync.outcomes")
                .tags("kind", "application", "status", "False", "reason", "Degraded")
                .counter()
                .count())
        .isEqualTo(1.0);
  }
}
