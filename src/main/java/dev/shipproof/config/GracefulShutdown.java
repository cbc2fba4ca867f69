package dev.shipproof.config;

import dev.shipproof.reconciler.ShutdownDrain;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Stops the operator on SIGTERM: new reconciliations are refused at once, running ones get {@code
 * shipproof.shutdown.grace} to finish their push and status, then the operator SDK is stopped
 * (informers closed, the Lease released so another replica takes over at once, anything still
 * running interrupted).
 *
 * <p>The SDK would not stop by itself: `shipproof operator` starts it (start-operator is off for
 * the CLI), and the extension stops only what it started.
 */
@ApplicationScoped
public class GracefulShutdown {
  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

  @Inject ShutdownDrain drain;
  @Inject ShipproofConfig config;

  private volatile Operator running;

  /** The operator `shipproof operator` started; stopped at shutdown. */
  public void started(Operator operator) {
    this.running = operator;
  }

  // Early, before the Kubernetes client and other beans are disposed of.
  void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
    Operator operator = running;
    if (operator == null) {
      return;
    }
    try {
      var result = drain.drain(config.shutdown().grace());
      LOG.infof(
          "stopping: %d running promotions finished in %s, %d abandoned",
          result.finished(), result.waited(), result.abandoned());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    operator.stop();
  }
}
