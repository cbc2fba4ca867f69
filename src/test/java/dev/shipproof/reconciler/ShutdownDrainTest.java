package dev.shipproof.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownDrainTest {
  @Test
  void refusesNewReconciliationsOnceDrainingBegins() throws Exception {
    ShutdownDrain drain = new ShutdownDrain();
    assertThat(drain.enter()).isTrue();
    drain.exit();

    var result = drain.drain(Duration.ofSeconds(1));

    assertThat(result.finished()).isZero();
    assertThat(result.abandoned()).isZero();
    assertThat(drain.draining()).isTrue();
    assertThat(drain.enter()).isFalse();
    assertThat(drain.inFlight()).isZero();
  }

  @Test
  void waitsForARunningPushToFinishWithinTheGrace() throws Exception {
    ShutdownDrain drain = new ShutdownDrain();
    assertThat(drain.enter()).isTrue();
    CompletableFuture<ShutdownDrain.Result> draining =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return drain.drain(Duration.ofSeconds(10));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(100);
    assertThat(draining).isNotDone();
    assertThat(drain.enter()).as("no new work while draining").isFalse();

    drain.exit();
    var result = draining.get(5, TimeUnit.SECONDS);

    assertThat(result.finished()).isEqualTo(1);
    assertThat(result.abandoned()).isZero();
    assertThat(result.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
  }

  @Test
  void abandonsWhatIsStillRunningWhenTheGraceEnds() throws Exception {
    ShutdownDrain drain = new ShutdownDrain();
    drain.enter();
    drain.enter();
    // One of the two ends during the drain, the other never does.
    CompletableFuture.runAsync(
        () -> {
          while (!drain.draining()) {
            Thread.onSpinWait();
          }
          drain.exit();
        });

    var result = drain.drain(Duration.ofMillis(300));

    assertThat(result.finished()).isEqualTo(1);
    assertThat(result.abandoned()).isEqualTo(1);
    assertThat(result.waited())
        .isGreaterThanOrEqualTo(Duration.ofMillis(300))
        .isLessThan(Duration.ofSeconds(5));
  }
}
