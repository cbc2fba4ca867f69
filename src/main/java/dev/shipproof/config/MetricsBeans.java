package dev.shipproof.config;

import dev.shipproof.promote.PromotionMetrics;
import dev.shipproof.reconciler.EventRecorder;
import dev.shipproof.reconciler.SyncWatcher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires metrics and the wait for Argo CD / Flux into the operator. */
@ApplicationScoped
public class MetricsBeans {

  @Produces
  @Singleton
  PromotionMetrics metrics(MeterRegistry registry) {
    return new MicrometerPromotionMetrics(registry);
  }

  @Produces
  @Singleton
  SyncWatcher syncWatcher(
      EventRecorder events, Clock clock, PromotionMetrics metrics, ShipproofConfig config) {
    return new SyncWatcher(events, clock, metrics, config.syncPollInterval());
  }
}
