package dev.shipproof.promote;

import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.gitops.HistoryEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The digests one environment has rolled away from. A new promotion of one, forward or by rollback,
 * is refused unless it carries an override. The operator keeps the ledger on the Environment's
 * status; the CLI and a fresh operator rebuild it from the branch's trailers.
 */
@FunctionalInterface
public interface QuarantineLedger {
  /** A ledger that quarantines nothing. */
  QuarantineLedger NONE = List::of;

  /**
   * Every quarantined digest, newest rejection first.
   *
   * @throws PromotionOutage when the ledger cannot be read now (git unreachable)
   */
  List<RejectedDigest> rejected() throws PromotionOutage;

  /** The quarantine record of {@code digest}, or empty when it may be promoted. */
  default Optional<RejectedDigest> find(String digest) throws PromotionOutage {
    return find(rejected(), digest);
  }

  /** The quarantine record of {@code digest} in {@code rejected}, or empty. */
  static Optional<RejectedDigest> find(List<RejectedDigest> rejected, String digest) {
    return rejected.stream().filter(r -> digest.equals(r.getDigest())).findFirst();
  }

  /**
   * The ledger an Environment's status holds, or {@code fallback} when the status was never written
   * (a new Environment, or one whose status was lost): then git is the record.
   */
  static QuarantineLedger fromStatus(EnvironmentStatus status, QuarantineLedger fallback) {
    if (status == null || status.getCurrentCommit() == null) {
      return fallback;
    }
    List<RejectedDigest> list = List.copyOf(status.getRejectedDigests());
    return () -> list;
  }

  /**
   * Rebuilds the quarantine from Shipproof commits, newest first: a rollback commit rejects the
   * digest it rolled away from ({@code Shipproof-Rejected-Digest}, else the digest of the newest
   * commit named in {@code Shipproof-Revert-Of}); a commit with {@code Shipproof-Override} lifts
   * the quarantine of the digest it pinned. The newest word on a digest wins.
   */
  static List<RejectedDigest> rebuild(List<HistoryEntry> newestFirst) {
    Map<String, HistoryEntry> byCommit = new HashMap<>();
    newestFirst.forEach(e -> byCommit.put(e.commit(), e));
    Set<String> decided = new HashSet<>();
    List<RejectedDigest> rejected = new ArrayList<>();
    for (HistoryEntry e : newestFirst) {
      if (e.override() != null) {
        decided.add(e.digest());
      }
      String away = rejectedBy(e, byCommit);
      if (away != null && !away.equals(e.digest()) && decided.add(away)) {
        rejected.add(record(e, away));
      }
    }
    return rejected;
  }

  private static String rejectedBy(HistoryEntry e, Map<String, HistoryEntry> byCommit) {
    if (!e.isRollback()) {
      return null;
    }
    if (e.rejectedDigest() != null) {
      return e.rejectedDigest();
    }
    HistoryEntry reverted = byCommit.get(e.revertOf().get(0));
    return reverted == null ? null : reverted.digest();
  }

  private static RejectedDigest record(HistoryEntry e, String digest) {
    RejectedDigest r = new RejectedDigest();
    r.setDigest(digest);
    r.setImage(e.image());
    r.setPromotion(e.promotion());
    r.setCommit(e.commit());
    r.setTime(e.time().toString());
    r.setReason(e.reason().isEmpty() ? e.subject() : e.reason());
    return r;
  }
}
