package dev.shipproof.reconciler;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Lets the reconciliations that are running when the operator is told to stop finish, within a
 * grace period, and keeps new ones from starting meanwhile.
 *
 * <p>A reconciliation refused here changes nothing; the next operator (a restarted pod, or the
 * replica that takes the Lease) lists every Promotion and runs it. One still running when the grace
 * period ends is abandoned: its working clone is hard-reset on the next use, and if its push had
 * already landed, the retry finds the commit by its {@code Shipproof-Promotion} trailer and adopts
 * it instead of pushing a second one.
 */
public final class ShutdownDrain {
  private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);

  /**
   * What a drain did.
   *
   * @param finished reconciliations that ended within the grace period
   * @param abandoned reconciliations still running when it ended
   * @param waited how long the drain waited
   */
  public record Result(int finished, int abandoned, Duration waited) {}

  private int inFlight;
  private boolean draining;

  /**
   * Registers a reconciliation that is about to start.
   *
   * @return false once a drain has begun: do not start, and do not call {@link #exit()}
   */
  public synchronized boolean enter() {
    if (draining) {
      return false;
    }
    inFlight++;
    return true;
  }

  /** The reconciliation registered by a successful {@link #enter()} ended. */
  public synchronized void exit() {
    inFlight--;
    notifyAll();
  }

  /** Whether a drain has begun. */
  public synchronized boolean draining() {
    return draining;
  }

  /** Reconciliations running now. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /**
   * Refuses new reconciliations from now on and waits until the running ones end or {@code grace}
   * passes, whichever comes first.
   */
  public synchronized Result drain(Duration grace) throws InterruptedException {
    draining = true;
    int running = inFlight;
    long start = System.nanoTime();
    long deadline = start + grace.toNanos();
    if (running > 0) {
      LOG.infof("stopping: waiting up to %s for %d running promotions", grace, running);
    }
    while (inFlight > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    Result result = new Result(running - inFlight, inFlight, waited);
    if (result.abandoned() > 0) {
      LOG.warnf(
          "stopping: %d promotions still running after %s are abandoned; the next operator"
              + " runs them again and adopts any commit that landed",
          result.abandoned(), grace);
    }
    return result;
  }
}
