package dev.shipproof.gitops;

/**
 * How a publish ended. Outages (unreachable remote, unusable clone, a branch that kept moving) are
 * not outcomes: they are thrown as {@link GitException}.
 */
public sealed interface PublishOutcome {

  /**
   * A new commit was pushed to the branch.
   *
   * @param commit the pushed commit's full SHA-1
   */
  record Pushed(String commit) implements PublishOutcome {}

  /**
   * Every target already pins the digest, but not by this promotion's commit; nothing was pushed.
   *
   * @param commit the newest commit (of the last {@value JgitWorkspace#HISTORY_SEARCH_DEPTH}) whose
   *     {@code Shipproof-Digest} trailer names the digest, else the branch tip
   */
  record AlreadyUpToDate(String commit) implements PublishOutcome {}

  /**
   * This promotion's own commit is already on the branch (found by the uid in its {@code
   * Shipproof-Promotion} trailer): an earlier run pushed it and its result was lost. Nothing was
   * pushed, so a newer pin made since is never rolled back.
   *
   * @param commit the full SHA-1 of the commit this promotion pushed earlier
   * @param superseded true when the branch tip no longer pins this promotion's digest in every
   *     target (a newer promotion or a person changed it since)
   */
  record AlreadyLanded(String commit, boolean superseded) implements PublishOutcome {}

  /**
   * The publish cannot be done as configured: the environment's URL, branch or target list is
   * invalid, the branch is missing, or a target is missing, outside the repository or not a file we
   * can edit safely. Final: retrying gives the same answer until the configuration or the
   * repository changes. Nothing was pushed.
   *
   * @param reason {@code InvalidEnvironment}, {@code TargetNotFound} or {@code TargetInvalid}
   * @param message which path and image, and why
   */
  record Refused(String reason, String message) implements PublishOutcome {}

  /**
   * The remote refused the push by a hook or rule (for example a protected branch). Final. A branch
   * that keeps moving is not a rejection: after the bounded retries that is thrown as a {@link
   * GitException}, to be retried later. Nothing was force-pushed.
   *
   * @param reason {@code PushRejected}
   * @param message what the remote said
   */
  record Rejected(String reason, String message) implements PublishOutcome {}
}
