package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;

/**
 * The git remote could not be reached or the local clone could not be used: worth a retry. The
 * message says what was being attempted and never carries credentials.
 */
public class GitException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean localClone;
  private final String reason;

  /**
   * @param message what was being attempted and what went wrong, already redacted
   * @param cause the underlying error, or {@code null} when its message could leak credentials
   */
  public GitException(String message, Throwable cause) {
    this(message, cause, false, null);
  }

  /**
   * @param message what was being attempted and what went wrong, already redacted
   * @param cause the underlying error, or {@code null} when its message could leak credentials
   * @param reason a status reason more precise than {@code GitUnavailable} (for example {@code
   *     GitUnauthorized} or {@code GitHostKeyUnknown}), or {@code null}
   */
  public GitException(String message, Throwable cause, String reason) {
    this(message, cause, false, reason);
  }

  GitException(String message, Throwable cause, boolean localClone) {
    this(message, cause, localClone, Reasons.GIT_UNAVAILABLE);
  }

  /**
   * @param message what was being attempted and what went wrong, already redacted
   * @param cause the underlying error, or {@code null} when its message could leak credentials
   * @param localClone true when the local working clone failed and should be started over
   * @param reason a constant of {@link Reasons} for the status: {@code GitUnavailable}, {@code
   *     GitUnauthorized} or {@code BranchBusy}
   */
  public GitException(String message, Throwable cause, boolean localClone, String reason) {
    super(message, cause);
    this.localClone = localClone;
    this.reason = reason == null ? Reasons.GIT_UNAVAILABLE : reason;
  }

  /** True when the local working clone failed (not the remote), so it should be started over. */
  boolean localClone() {
    return localClone;
  }

  /**
   * Why, as a constant of {@link Reasons}: {@code GitUnauthorized} when the server refused the
   * credentials, {@code BranchBusy} when every push lost the race, else {@code GitUnavailable}.
   * Each is an outage: the promotion is retried.
   */
  public String reason() {
    return reason;
  }
}
