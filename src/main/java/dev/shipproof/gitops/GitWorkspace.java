package dev.shipproof.gitops;

/** Writes a digest pin into an environment's git repository and pushes it. */
public interface GitWorkspace {

  /**
   * Edits every target so it pins the request's digest, commits with the request's message and
   * pushes to the branch, never by force. Idempotent: when the promotion's own commit is already on
   * the branch ({@link PublishOutcome.AlreadyLanded}), or every target already pins the digest
   * ({@link PublishOutcome.AlreadyUpToDate}), nothing is pushed; a retried promotion therefore
   * never rolls back a newer one. A request whose message carries {@code Shipproof-Override} is the
   * exception to the second: the override is recorded as a commit without file changes.
   *
   * @return the outcome; an expected "no" (invalid environment, missing target, push refused by a
   *     hook) is a value, and final
   * @throws GitException when the remote or the local clone cannot be used, or the branch kept
   *     moving through every push attempt; retry later
   */
  PublishOutcome publish(PublishRequest request) throws GitException;
}
