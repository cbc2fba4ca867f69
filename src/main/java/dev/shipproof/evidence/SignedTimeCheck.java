package dev.shipproof.evidence;

import dev.sigstore.bundle.Bundle;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * Checks sigstore-java 2.0.0 skips: a Fulcio certificate lives ten minutes, so a signature is only
 * good if a signed time inside that window proves when it was made. sigstore-java checks the window
 * against RFC 3161 timestamps only; for the Rekor integrated time it checks neither the certificate
 * window nor the Rekor key's validity period, and a bundle with no timestamp and no signed entry
 * timestamp passes with no signed time at all.
 */
final class SignedTimeCheck {
  static final String NO_SIGNED_TIME =
      "the bundle carries no signed time (no RFC 3161 timestamp and no signed entry timestamp"
          + " from the transparency log), so nothing shows the short-lived certificate was valid"
          + " when it signed";

  private SignedTimeCheck() {}

  /**
   * Runs after sigstore-java accepted the bundle (so any RFC 3161 timestamp and any signed entry
   * timestamp present have verified). Returns a plain sentence for the problem, or null.
   */
  static String problem(Bundle bundle, TrustRoot trust) {
    var leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
    // sigstore-java verifies only the first entry; only its time is signed as far as we know.
    var entry = bundle.getEntries().get(0);
    var set = entry.getVerification().getSignedEntryTimestamp();
    var hasSignedEntryTime = set != null && !set.isEmpty();
    if (hasSignedEntryTime) {
      var integrated = entry.getIntegratedTimeInstant();
      var logId = HexFormat.of().parseHex(entry.getLogID());
      if (trust.rekorLogValidAt(logId, integrated).isEmpty()) {
        return "the transparency log integrated the entry at "
            + integrated
            + ", outside the validity period of the trusted Rekor log key";
      }
      var outside = outsideValidity(leaf, integrated);
      if (outside != null) {
        return "the transparency log integrated the entry at " + integrated + ", " + outside;
      }
    }
    if (!hasSignedEntryTime && bundle.getTimestamps().isEmpty()) {
      return NO_SIGNED_TIME;
    }
    return null;
  }

  private static String outsideValidity(X509Certificate leaf, Instant time) {
    try {
      leaf.checkValidity(Date.from(time));
      return null;
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      return "outside the signing certificate's validity ("
          + leaf.getNotBefore().toInstant()
          + " to "
          + leaf.getNotAfter().toInstant()
          + ")";
    }
  }
}
