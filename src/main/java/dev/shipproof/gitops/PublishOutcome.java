package dev.shipproof.gitops;

/** How a publish ended. Outages are not outcomes: they are thrown as {@link GitException}. */
public sealed interface PublishOutcome {

  /**
   * A new commit was pushed to the branch.
   *
   * @param commit the pushed commit's full SHA-1
   */
  record Pushed(String commit) implements PublishOutcome {}

  /**
   * Every target already pins the digest; nothing was pushed.
   *
   * @param commit the newest commit (of the last ~200) whose {@code Shipproof-Digest} trailer names
   *     the digest, else the branch tip
   */
  record AlreadyUpToDate(String commit) implements PublishOutcome {}

  /**
   * A target cannot be edited: missing, outside the repository, or not a file we can edit safely.
   * Nothing was pushed.
   *
   * @param reason {@code TargetNotFound} or {@code TargetInvalid}
   * @param message which path and image, and why
   */
  record Refused(String reason, String message) implements PublishOutcome {}

  /**
   * The remote refused the push: by a hook or rule, or still non-fast-forward after the bounded
   * retries. Nothing was force-pushed.
   *
   * @param reason {@code PushRejected}
   * @param message what the remote said
   */
  record Rejected(String reason, String message) implements PublishOutcome {}
}
