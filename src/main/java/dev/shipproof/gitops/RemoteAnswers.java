package dev.shipproof.gitops;

import dev.shipproof.api.v1alpha1.Reasons;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * What a git server's answer means for a promotion: a push status read as accepted, a lost race
 * (fetch, edit again, push again), a "no" from a hook or rule (final), or no usable answer (an
 * outage); and a transport failure read as refused credentials or as unavailable.
 *
 * <p>Git servers word the same race in several ways, depending on where it is caught: JGit sees a
 * moved tip in the advertisement ({@code REJECTED_NONFASTFORWARD}, or {@code
 * REJECTED_REMOTE_CHANGED} against the expected old value), and {@code git receive-pack} loses it
 * between reading and locking the ref ({@code failed to update ref} with {@code cannot lock ref
 * ...: is at X but expected Y}, or a held lock file). A hook's "no" always names the hook ({@code
 * pre-receive hook declined}), so it is looked for first: a hook may print any text.
 */
final class RemoteAnswers {

  /** What one ref's push status means. */
  enum Push {
    /** The ref now points at the pushed commit. */
    ACCEPTED,
    /** Another writer moved the branch first: fetch, recompute the edit, push again. */
    LOST_RACE,
    /** A hook, branch protection or server rule said no; pushing again gives the same answer. */
    REFUSED,
    /** The server gave no verdict for the ref (connection lost, nothing reported). */
    NO_ANSWER,
    /** The server could not use the pack the clone sent: start the clone over. */
    BROKEN_CLONE
  }

  /** A hook or rule declined: final, whatever else the server printed. */
  private static final List<String> REFUSALS =
      List.of(
          "declined",
          "protected branch",
          "denied",
          "prohibited",
          "not permitted",
          "currently checked out",
          "funny refname",
          "hidden ref");

  /** The forms of a lost race, in git's, JGit's and hosting services' words. */
  private static final List<String> RACES =
      List.of(
          "non-fast-forward",
          "non-fast forward",
          "fetch first",
          "cannot lock ref",
          "failed to lock",
          "lock error",
          "already held",
          "incorrect old value provided",
          "but expected",
          "stale info",
          "failed to update ref",
          "reference already exists",
          "remote ref has changed");

  /** The server lost or could not use what was sent: retry later from a fresh clone. */
  private static final List<String> BROKEN =
      List.of("missing necessary objects", "unpacker error", "unpack failed", "unpack error");

  /** Refused credentials, as JGit (HTTP 401/403) and SSH clients word it. */
  private static final List<String> UNAUTHORIZED =
      List.of(
          "not authorized",
          "authentication is required",
          "authentication not supported",
          "unauthorized",
          "forbidden",
          "push not permitted",
          " not permitted on '",
          "authentication failed",
          "no more authentication methods available");

  private RemoteAnswers() {}

  /**
   * Reads one ref's push status.
   *
   * @param status the {@link RemoteRefUpdate} status
   * @param refMessage the server's message for the ref ({@code ng <ref> <message>}), or {@code
   *     null}
   * @param remoteMessages what the server printed during the push ({@code remote: ...}), or {@code
   *     null}
   */
  static Push push(RemoteRefUpdate.Status status, String refMessage, String remoteMessages) {
    switch (status) {
      case OK:
      case UP_TO_DATE:
        return Push.ACCEPTED;
      case REJECTED_NONFASTFORWARD:
      case REJECTED_REMOTE_CHANGED:
        return Push.LOST_RACE;
      case REJECTED_NODELETE:
      case NON_EXISTING:
        // Deletions only, which Shipproof never pushes: a rule said no.
        return Push.REFUSED;
      case NOT_ATTEMPTED:
      case AWAITING_REPORT:
        return Push.NO_ANSWER;
      case REJECTED_OTHER_REASON:
      default:
        return otherReason(lower(refMessage), lower(remoteMessages));
    }
  }

  private static Push otherReason(String ref, String remote) {
    if (containsAny(ref, REFUSALS)) {
      return Push.REFUSED;
    }
    if (containsAny(ref, RACES) || (ref.isBlank() && containsAny(remote, RACES))) {
      return Push.LOST_RACE;
    }
    if (containsAny(ref, BROKEN)) {
      return Push.BROKEN_CLONE;
    }
    return Push.REFUSED;
  }

  /**
   * The reason of a transport failure: {@code GitUnauthorized} when anything along the cause chain
   * says the server refused the credentials, else {@code GitUnavailable}.
   */
  static String outageReason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (containsAny(lower(t.getMessage()), UNAUTHORIZED)) {
        return Reasons.GIT_UNAUTHORIZED;
      }
    }
    return Reasons.GIT_UNAVAILABLE;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  private static boolean containsAny(String text, List<String> needles) {
    for (String n : needles) {
      if (text.contains(n)) {
        return true;
      }
    }
    return false;
  }
}
