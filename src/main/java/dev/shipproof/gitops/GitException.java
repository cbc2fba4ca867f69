package dev.shipproof.gitops;

/**
 * The git remote could not be reached or the local clone could not be used: worth a retry. The
 * message says what was being attempted and never carries credentials.
 */
public class GitException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean localClone;

  /**
   * @param message what was being attempted and what went wrong, already redacted
   * @param cause the underlying error, or {@code null} when its message could leak credentials
   */
  public GitException(String message, Throwable cause) {
    this(message, cause, false);
  }

  GitException(String message, Throwable cause, boolean localClone) {
    super(message, cause);
    this.localClone = localClone;
  }

  /** True when the local working clone failed (not the remote), so it should be started over. */
  boolean localClone() {
    return localClone;
  }
}
