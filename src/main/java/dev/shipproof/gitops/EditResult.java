package dev.shipproof.gitops;

/** What an edit of one manifest file came to. An expected "no" is a {@link Refused} value. */
public sealed interface EditResult {

  /**
   * The file needed a change.
   *
   * @param newText the whole new file text, byte-for-byte the input except for the edited lines
   */
  record Changed(String newText) implements EditResult {}

  /** The file already pins the digest and carries no tag: nothing to write. */
  record Unchanged() implements EditResult {}

  /**
   * The file cannot be edited safely.
   *
   * @param reason a constant from {@link dev.shipproof.api.v1alpha1.Reasons}
   * @param message a one-line explanation for a human, without a stack trace
   */
  record Refused(String reason, String message) implements EditResult {}
}
