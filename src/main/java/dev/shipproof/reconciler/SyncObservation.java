package dev.shipproof.reconciler;

import dev.shipproof.api.v1alpha1.Reasons;

/**
 * What an Argo CD or Flux object says about one pushed commit, read from its status.
 *
 * @param state where the commit stands in that object
 * @param reason a constant of {@link Reasons} for the Synced condition
 * @param message a sentence for the condition, quoting the controller where it said something
 * @param reportedRevision the git commit the object reports (applied or compared), or {@code null}
 *     when it names none; used to tell a newer promotion's commit from one not fetched yet
 */
record SyncObservation(State state, String reason, String message, String reportedRevision) {

  /** Where the pushed commit stands. */
  enum State {
    /** The object does not report the commit yet (it has not fetched it, or is not synced). */
    WAITING,
    /** The object works on the commit: applying it, or waiting for its workloads to be healthy. */
    PROGRESSING,
    /** The commit is applied and healthy. */
    SYNCED,
    /** The controller gave up on the commit (sync failed, degraded, Ready=False). */
    FAILED
  }

  static SyncObservation waiting(String message, String reported) {
    return new SyncObservation(State.WAITING, Reasons.WAITING_FOR_SYNC, message, reported);
  }

  static SyncObservation progressing(String message, String reported) {
    return new SyncObservation(State.PROGRESSING, Reasons.SYNC_PROGRESSING, message, reported);
  }

  static SyncObservation synced(String message, String reported) {
    return new SyncObservation(State.SYNCED, Reasons.SYNCED, message, reported);
  }

  static SyncObservation failed(String reason, String message, String reported) {
    return new SyncObservation(State.FAILED, reason, message, reported);
  }
}
