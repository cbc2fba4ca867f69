package dev.shipproof.reconciler;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compares a revision string written by Argo CD or Flux with a commit SHA. Argo CD writes the bare
 * SHA; Flux source-controller v1 writes {@code <ref>@sha1:<sha>} ({@code main@sha1:…}, {@code
 * refs/heads/main@sha1:…}), older Flux {@code <branch>/<sha>}; a Helm chart built from a git source
 * with {@code reconcileStrategy: Revision} carries the first 12 hex digits after a plus ({@code
 * 1.2.3+0123456789ab}).
 */
final class GitRevisions {
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{7,64}");

  private GitRevisions() {}

  /** Whether {@code reported} names exactly {@code commit}. */
  static boolean names(String reported, String commit) {
    String sha = sha(reported);
    return sha != null && commit != null && sha.equalsIgnoreCase(commit);
  }

  /** The SHA inside a revision string, or {@code null} when it holds none. */
  static String sha(String reported) {
    if (reported == null || reported.isBlank()) {
      return null;
    }
    String r = reported.strip();
    int at = r.lastIndexOf("@sha1:");
    if (at >= 0) {
      r = r.substring(at + "@sha1:".length());
    } else if (r.startsWith("sha1:")) {
      r = r.substring("sha1:".length());
    } else if (r.lastIndexOf('/') >= 0) {
      r = r.substring(r.lastIndexOf('/') + 1);
    }
    return HEX.matcher(r).matches() ? r.toLowerCase(Locale.ROOT) : null;
  }

  /** Whether a chart version like {@code 1.2.3+0123456789ab} was built from {@code commit}. */
  static boolean chartVersionNames(String version, String commit) {
    if (version == null || commit == null) {
      return false;
    }
    int plus = version.lastIndexOf('+');
    if (plus < 0) {
      return false;
    }
    String prefix = version.substring(plus + 1);
    return prefix.length() >= 7
        && HEX.matcher(prefix).matches()
        && commit.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
  }
}
