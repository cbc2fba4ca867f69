package dev.shipproof.api.v1alpha1;

/**
 * Where a promotion stands. {@link #Failed} means the operator decided no and will not retry;
 * {@link #Errored} means it could not decide yet and retries with backoff.
 */
public enum Phase {
  Pending,
  Verifying,
  Committing,
  Succeeded,
  Failed,
  Errored;

  /** A terminal promotion is never run again. */
  public boolean isTerminal() {
    return this == Succeeded || this == Failed;
  }
}
