package dev.shipproof.config;

import dev.shipproof.promote.PromotionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link PromotionMetrics} on Micrometer; Quarkus serves them on {@code /q/metrics} in Prometheus
 * format (docs/observability.md lists every series).
 */
public final class MicrometerPromotionMetrics implements PromotionMetrics {
  // Buckets for the step timer: registry and git steps take seconds, a sync takes minutes.
  private static final Duration[] STEP_BUCKETS = {
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30)
  };

  private final MeterRegistry registry;
  private final Map<List<String>, AtomicInteger> depths = new ConcurrentHashMap<>();

  public MicrometerPromotionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void stepFinished(String namespace, String environment, Step step, Duration duration) {
    Timer.builder("shipproof.step.duration")
        .description("How long each step of a promotion took")
        .tag("namespace", namespace)
        .tag("environment", environment)
        .tag("step", step.label())
        .serviceLevelObjectives(STEP_BUCKETS)
        .register(registry)
        .record(duration);
  }

  @Override
  public void promotionFinished(String namespace, String environment, String phase, String reason) {
    Counter.builder("shipproof.promotions")
        .description("Promotions by the phase and reason they reached")
        .tag("namespace", namespace)
        .tag("environment", environment)
        .tag("phase", phase)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  @Override
  public void verificationFailed(String namespace, String environment, String reason) {
    Counter.builder("shipproof.verification.failures")
        .description("Promotions refused because of their evidence or the policy")
        .tag("namespace", namespace)
        .tag("environment", environment)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  @Override
  public void pushRetried() {
    Counter.builder("shipproof.push.retries")
        .description("Pushes that lost the race to another writer and were retried")
        .register(registry)
        .increment();
  }

  @Override
  public void queueDepth(String namespace, String environment, String state, int count) {
    depths
        .computeIfAbsent(
            List.of(namespace, environment, state),
            k -> {
              AtomicInteger value = new AtomicInteger();
              Gauge.builder("shipproof.queue.depth", value, AtomicInteger::get)
                  .description("Unfinished promotions per environment, by state")
                  .tag("namespace", namespace)
                  .tag("environment", environment)
                  .tag("state", state)
                  .register(registry);
              return value;
            })
        .set(count);
  }

  @Override
  public void syncFinished(
      String namespace, String environment, String kind, String status, String reason) {
    Counter.builder("shipproof.sync.outcomes")
        .description("Waits for Argo CD or Flux, by how they ended")
        .tag("namespace", namespace)
        .tag("environment", environment)
        .tag("kind", kind)
        .tag("status", status)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
