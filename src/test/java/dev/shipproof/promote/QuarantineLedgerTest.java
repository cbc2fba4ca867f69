package dev.shipproof.promote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.EnvironmentStatus;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.gitops.HistoryEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rebuilding the quarantine from trailers, and choosing between status and git. */
class QuarantineLedgerTest {
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);

  static HistoryEntry entry(
      String commit, String digest, List<String> revertOf, String rejected, String override) {
    return new HistoryEntry(
        commit,
        Instant.parse("2026-12-04T10:00:00Z"),
        "Shipproof",
        "subject",
        "why " + commit,
        "payments/" + commit,
        commit + "-uid",
        "production",
        "example.com/api",
        digest,
        "sig",
        revertOf,
        rejected,
        override);
  }

  @Test
  void aRollbackRejectsTheDigestItRolledAwayFrom() {
    List<RejectedDigest> rejected =
        QuarantineLedger.rebuild(
            List.of(
                entry("c3", D1, List.of("c2"), D2, null),
                entry("c2", D2, List.of(), null, null),
                entry("c1", D1, List.of(), null, null)));

    assertThat(rejected).extracting(RejectedDigest::getDigest).containsExactly(D2);
    assertThat(rejected.get(0).getCommit()).isEqualTo("c3");
    assertThat(rejected.get(0).getPromotion()).isEqualTo("payments/c3");
    assertThat(rejected.get(0).getReason()).isEqualTo("why c3");
  }

  @Test
  void withoutTheRejectedTrailerTheRevertedCommitsDigestIsRejected() {
    List<RejectedDigest> rejected =
        QuarantineLedger.rebuild(
            List.of(
                entry("c3", D1, List.of("c2"), null, null),
                entry("c2", D2, List.of(), null, null)));

    assertThat(rejected).extracting(RejectedDigest::getDigest).containsExactly(D2);
  }

  @Test
  void aNewerOverrideLiftsTheQuarantine() {
    List<RejectedDigest> rejected =
        QuarantineLedger.rebuild(
            List.of(
                entry("c4", D2, List.of(), null, "fixed by config"),
                entry("c3", D1, List.of("c2"), D2, null)));

    assertThat(rejected).isEmpty();
  }

  @Test
  void aRollbackAfterAnOverrideQuarantinesAgain() {
    List<RejectedDigest> rejected =
        QuarantineLedger.rebuild(
            List.of(
                entry("c5", D1, List.of("c4"), D2, null),
                entry("c4", D2, List.of(), null, "fixed by config"),
                entry("c3", D1, List.of("c2"), D2, null)));

    assertThat(rejected).extracting(RejectedDigest::getCommit).containsExactly("c5");
  }

  @Test
  void anUnwrittenStatusFallsBackToGitAndAWrittenOneIsTheLedger() throws Exception {
    QuarantineLedger git = () -> List.of(new RejectedDigest());
    EnvironmentStatus written = new EnvironmentStatus();
    written.setCurrentCommit("abc");

    assertThat(QuarantineLedger.fromStatus(null, git)).isSameAs(git);
    assertThat(QuarantineLedger.fromStatus(new EnvironmentStatus(), git)).isSameAs(git);
    assertThat(QuarantineLedger.fromStatus(written, git).rejected()).isEmpty();
  }
}
