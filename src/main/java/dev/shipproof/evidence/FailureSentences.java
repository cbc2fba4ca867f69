package dev.shipproof.evidence;

import java.util.Locale;

/**
 * Turns sigstore-java's failure messages into one plain sentence each. sigstore-java throws {@code
 * KeylessVerificationException} for every kind of failure, so the message text (and its cause's) is
 * all there is to tell them apart; unknown texts get a generic sentence rather than leaking library
 * wording or class names into a status.
 */
final class FailureSentences {
  private FailureSentences() {}

  static String forVerificationFailure(Throwable failure) {
    var text = messages(failure);
    if (text.contains("dsse signature was not valid")
        || text.contains("artifact signature was not valid")
        || text.contains("signature could not be processed")) {
      return "the signature does not match the signed content: it was changed after signing or"
          + " signed with another key";
    }
    if (text.contains("digest of dsse payload")) {
      return "the DSSE payload differs from the one recorded in the transparency log: it was"
          + " changed after signing";
    }
    if (text.contains("inconsistent with")
        || text.contains("does not match signature in log")
        || text.contains("certificate in rekor entry does not match")) {
      return "the transparency log entry records a different signature or certificate than the"
          + " bundle";
    }
    if (text.contains("does not match any provided transparency logs")) {
      return "the transparency log entry comes from a log that is not in the trusted root";
    }
    if (text.contains("transparency log entry could not be verified")) {
      return "the transparency log entry does not verify against the trusted Rekor log (inclusion"
          + " proof, checkpoint or signed entry timestamp)";
    }
    if (text.contains("sct")) {
      return "the signing certificate has no valid certificate-transparency timestamp from a"
          + " trusted CT log";
    }
    if (text.contains("fulcio certificate was not valid")) {
      return "the signing certificate does not chain to a certificate authority in the trusted"
          + " root";
    }
    if (text.contains("rfc3161 timestamp")) {
      return "the RFC 3161 timestamp does not verify against a trusted timestamp authority or"
          + " falls outside the certificate's validity";
    }
    if (text.contains("exactly 1 signature")) {
      return "the DSSE envelope must carry exactly one signature";
    }
    if (text.contains("unsupported")) {
      return "the bundle uses a transparency log entry kind or algorithm this verifier does not"
          + " support";
    }
    return "the bundle does not verify against the trusted root";
  }

  private static String messages(Throwable failure) {
    var all = new StringBuilder();
    for (var t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        all.append(t.getMessage()).append('\n');
      }
    }
    return all.toString().toLowerCase(Locale.ROOT);
  }
}
