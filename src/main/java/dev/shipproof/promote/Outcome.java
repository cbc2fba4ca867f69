package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EvidenceRecord;
import java.util.List;

/** How one promotion attempt ended, when the operator could decide. Outages are exceptions. */
public sealed interface Outcome {
  /** The digest is what the promotion asked for, or {@code null} when the spec was unusable. */
  String digest();

  /** Which evidence met which requirement (empty when verification did not get that far). */
  List<EvidenceRecord> evidence();

  /** A sentence for status, events and the CLI. */
  String message();

  /**
   * The environment repository now pins the digest.
   *
   * @param commit the commit pushed now, or the one found already pinning it
   * @param alreadyUpToDate true when nothing was pushed because the digest was already pinned
   * @param rollback what a rollback did; {@code null} for a forward promotion
   */
  record Landed(
      String digest,
      String commit,
      boolean alreadyUpToDate,
      List<EvidenceRecord> evidence,
      String message,
      Rollback rollback)
      implements Outcome {

    /** A forward promotion that landed. */
    public Landed(
        String digest,
        String commit,
        boolean alreadyUpToDate,
        List<EvidenceRecord> evidence,
        String message) {
      this(digest, commit, alreadyUpToDate, evidence, message, null);
    }
  }

  /**
   * What a landed rollback did.
   *
   * @param image the image name it rolled back, as the commits wrote it
   * @param revertOf the commits it reverted (or superseded, with strategy pin), newest first
   * @param rejectedDigest the digest it rolled away from, now quarantined; {@code null} when the
   *     environment already ran the requested digest
   * @param reason the rollback's reason, for the quarantine record
   */
  record Rollback(String image, List<String> revertOf, String rejectedDigest, String reason) {
    /** Copies the list. */
    public Rollback {
      revertOf = List.copyOf(revertOf);
    }
  }

  /**
   * The operator decided no. Final: retrying will not change the answer.
   *
   * @param stage which step said no
   * @param reason a constant of {@link dev.shipproof.api.v1alpha1.Reasons}
   */
  record Refused(
      Stage stage, String reason, String digest, List<EvidenceRecord> evidence, String message)
      implements Outcome {}

  /**
   * The operator cannot decide yet, and knows when it can: the digest verified but has not soaked
   * long enough upstream. Not final, not an outage: the promotion stays pending and is looked at
   * again at {@code notBefore}.
   *
   * @param reason a constant of {@link dev.shipproof.api.v1alpha1.Reasons}
   * @param notBefore when the wait is over
   */
  record Waiting(
      String reason,
      String digest,
      java.time.Instant notBefore,
      List<EvidenceRecord> evidence,
      String message)
      implements Outcome {}

  /** The step of a promotion that refused it; decides which condition carries the reason. */
  enum Stage {
    SPEC,
    EVIDENCE,
    /** A gate after verification: the upstream environment, or the registry copy. */
    GATE,
    GIT
  }
}
