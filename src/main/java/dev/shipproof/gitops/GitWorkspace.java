package dev.shipproof.gitops;

/** Writes a digest pin into an environment's git repository and pushes it. */
public interface GitWorkspace {

  /**
   * Edits every target so it pins the request's digest, commits with the request's message and
   * pushes to the branch, never by force. Idempotent: when every target already pins the digest,
   * nothing is pushed.
   *
   * @return the outcome; an expected "no" (missing target, rejected push) is a value
   * @throws GitException when the remote or the local clone cannot be used; retry later
   */
  PublishOutcome publish(PublishRequest request) throws GitException;
}
