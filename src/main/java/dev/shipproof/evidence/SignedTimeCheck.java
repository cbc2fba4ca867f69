package dev.shipproof.evidence;

import dev.sigstore.bundle.Bundle;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * Checks sigstore-java 2.0.0 skips: a Fulcio certificate lives ten minutes, so a signature is only
 * good if a signed time inside that window proves when it was made. sigstore-java checks the window
 * against RFC 3161 timestamps only; for the Rekor integrated time it checks neither the certificate
 * window nor the Rekor key's validity period, and a bundle with no timestamp and no signed entry
 * timestamp passes with no signed time at all. It also accepts an integrated time in the future: a
 * log (or whoever holds its key) can date an entry ahead, and a verifier must not believe that, so
 * a time more than {@link #CLOCK_SKEW} past our clock is refused.
 */
final class SignedTimeCheck {
  /**
   * How far past our clock a signed time may lie: covers clocks of the log, the timestamp authority
   * and the operator that are a little apart, nothing more.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  static final String NO_SIGNED_TIME =
      "the bundle carries no signed time (no RFC 3161 timestamp and no signed entry timestamp"
          + " from the transparency log), so nothing shows the short-lived certificate was valid"
          + " when it signed";

  private SignedTimeCheck() {}

  /**
   * Runs after sigstore-java accepted the bundle (so any RFC 3161 timestamp and any signed entry
   * timestamp present have verified). Returns a plain sentence for the problem, or null.
   */
  static String problem(Bundle bundle, TrustRoot trust, Clock clock) {
    var leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
    // sigstore-java verifies only the first entry; only its time is signed as far as we know.
    var entry = bundle.getEntries().get(0);
    var set = entry.getVerification().getSignedEntryTimestamp();
    var hasSignedEntryTime = set != null && !set.isEmpty();
    if (hasSignedEntryTime) {
      var problem =
          integratedTimeProblem(
              entry.getIntegratedTimeInstant(),
              HexFormat.of().parseHex(entry.getLogID()),
              leaf,
              trust,
              clock);
      if (problem != null) {
        return problem;
      }
    }
    if (!hasSignedEntryTime && bundle.getTimestamps().isEmpty()) {
      return NO_SIGNED_TIME;
    }
    return null;
  }

  /**
   * Checks a Rekor integrated time: not in the future, within the validity of the log key that
   * vouches for it and, when there is one, of the signing certificate. Returns a sentence or null.
   *
   * @param leaf the signing certificate, or {@code null} for a keyed signature
   */
  static String integratedTimeProblem(
      Instant integrated, byte[] logId, X509Certificate leaf, TrustRoot trust, Clock clock) {
    var future = futureProblem("the transparency log integrated the entry", integrated, clock);
    if (future != null) {
      return future;
    }
    if (trust.rekorLogValidAt(logId, integrated).isEmpty()) {
      return "the transparency log integrated the entry at "
          + integrated
          + ", outside the validity period of the trusted Rekor log key";
    }
    var outside = leaf == null ? null : outsideValidity(leaf, integrated);
    if (outside != null) {
      return "the transparency log integrated the entry at " + integrated + ", " + outside;
    }
    return null;
  }

  /** A sentence when {@code time} lies more than {@link #CLOCK_SKEW} after now, else null. */
  static String futureProblem(String what, Instant time, Clock clock) {
    var now = clock.instant();
    if (time.isAfter(now.plus(CLOCK_SKEW))) {
      return what + " at " + time + ", in the future (it is " + now + " now)";
    }
    return null;
  }

  static String outsideValidity(X509Certificate leaf, Instant time) {
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
